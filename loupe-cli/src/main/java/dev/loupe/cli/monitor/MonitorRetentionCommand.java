package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.monitor.log.Retention;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor retention --days D}: deletes logged predictions older than D days, and their images nothing else
 * uses; then the image packs no prediction leads to any more.
 */
@Command(name = "retention", description = "Delete logged predictions older than --days, and their kept images that no dataset,"
        + " run or model uses; then the image packs no prediction refers to any more.")
final class MonitorRetentionCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--days", required = true, paramLabel = "D", description = "keep this many days of predictions")
    int days;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (days < 1) {
            throw new UserException(ExitCodes.USAGE, "--days must be at least 1 (got " + days + ")");
        }
        try (MonitorSession s = new MonitorSession(global.config())) {
            Retention.Result r = new Retention(Duration.ofDays(days), Clock.systemUTC()).apply(s.store, s.blobs);
            var out = spec.commandLine().getOut();
            out.printf("deleted %d predictions made before %s%n", r.deleted(), r.cutoff());
            out.printf(Locale.ROOT, "freed %.1f MiB of their images: %d packs, %d images stored on their own%n",
                    r.images().bytes() / (1024.0 * 1024.0), r.images().packs(), r.images().ownBlobs());
            out.printf(Locale.ROOT, "swept %d packs no prediction refers to any more (images all logged again, or predictions"
                    + " never written): %.1f MiB%n", r.swept().packs(), r.swept().bytes() / (1024.0 * 1024.0));
            out.flush();
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG, "the blob store failed while deleting images: " + e.getMessage());
        }
        return ExitCodes.OK;
    }
}

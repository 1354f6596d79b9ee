package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.monitor.log.Retention;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code loupe monitor retention --days D}: deletes logged predictions older than D days. */
@Command(name = "retention", description = "Delete logged predictions older than --days (their sampled images stay in the blob store).")
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
            Retention.Result r = new Retention(Duration.ofDays(days), Clock.systemUTC()).apply(s.store.predictions());
            spec.commandLine().getOut().printf("deleted %d predictions made before %s%n", r.deleted(), r.cutoff());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}

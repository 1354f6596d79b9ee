package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.monitor.reference.Reference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code loupe monitor reference --model NAME@VERSION --images DIR}: builds and saves a monitoring reference. */
@Command(name = "reference", description = {"Build a model version's monitoring reference from a folder of images",
        "(e.g. its validation images) and, with --scores, the model's scores and labels on them."})
final class MonitorReferenceCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Mixin
    ReferenceOptions decision;

    @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "the model version the reference is for")
    String model;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "the reference images")
    Path images;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MonitorStatusCommand.ModelRef ref = MonitorStatusCommand.ModelRef.parse(model);
        String version = ref.version().orElseThrow(() -> new UserException(ExitCodes.USAGE, "--model needs NAME@VERSION"));
        Reference r = decision.build(ref.name(), version, images, Instant.now());
        try (MonitorSession s = new MonitorSession(global.config())) {
            StoredReference stored = s.references().save(r);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "reference for %s version %s: %d images, %d scores%s, predicted %s share %s; saved as %s%n",
                    r.model(), r.version(), r.size(), r.scores().length, r.labelled() ? " with labels" : "", r.positive(),
                    Double.isNaN(r.predictedPositiveShare()) ? "-" : String.format(Locale.ROOT, "%.3f", r.predictedPositiveShare()),
                    stored.blob());
            out.flush();
        }
        return ExitCodes.OK;
    }
}

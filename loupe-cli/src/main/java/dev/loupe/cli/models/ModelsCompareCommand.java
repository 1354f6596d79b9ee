package dev.loupe.cli.models;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.core.registry.ModelRef;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Run;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code loupe models compare A B}: two versions side by side, from the runs that produced them:
 * metrics (with B - A), params that differ, and the dataset versions each was trained on.
 */
@Command(name = "compare", description = "Compare two model versions' metrics and params, from their runs.")
final class ModelsCompareCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "A", description = "NAME/VERSION or NAME@ALIAS")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "NAME/VERSION or NAME@ALIAS, or a bare version number of the same model")
    String b;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            ModelVersion va = store.registry().resolve(ModelRef.parse(a));
            ModelVersion vb = store.registry().resolve(ModelRef.parse(b.matches("[0-9]+") ? va.name() + "/" + b : b));
            Optional<Run> ra = va.runId() == null ? Optional.empty() : store.tracking().run(va.runId());
            Optional<Run> rb = vb.runId() == null ? Optional.empty() : store.tracking().run(vb.runId());
            String ha = va.ref();
            String hb = vb.ref();
            out.printf("%s vs %s%n", ha, hb);
            TextTable runs = new TextTable("", ha, hb);
            runs.row("run", ra.map(r -> r.info().runId()).orElse("-"), rb.map(r -> r.info().runId()).orElse("-"));
            runs.row("datasets", ra.map(r -> ModelsShowCommand.datasets(r.inputs())).orElse("-"),
                    rb.map(r -> ModelsShowCommand.datasets(r.inputs())).orElse("-"));
            runs.row("source", va.source(), vb.source());
            runs.print(out, "  ");

            TreeSet<String> metricKeys = new TreeSet<>();
            ra.ifPresent(r -> r.data().metrics().forEach(m -> metricKeys.add(m.key())));
            rb.ifPresent(r -> r.data().metrics().forEach(m -> metricKeys.add(m.key())));
            out.println();
            out.println("Metrics:");
            TextTable metrics = new TextTable("METRIC", ha, hb, "B - A");
            for (String k : metricKeys) {
                Optional<Double> x = ra.flatMap(r -> r.data().metric(k)).map(Metric::value);
                Optional<Double> y = rb.flatMap(r -> r.data().metric(k)).map(Metric::value);
                metrics.row(k, x.map(Format::number).orElse("-"), y.map(Format::number).orElse("-"),
                        x.isPresent() && y.isPresent() ? signed(y.get() - x.get()) : "-");
            }
            if (metrics.isEmpty()) {
                out.println("  no metrics recorded for either version");
            } else {
                metrics.print(out, "  ");
            }

            TreeSet<String> paramKeys = new TreeSet<>();
            ra.ifPresent(r -> r.data().params().forEach(p -> paramKeys.add(p.key())));
            rb.ifPresent(r -> r.data().params().forEach(p -> paramKeys.add(p.key())));
            out.println();
            out.println("Params that differ:");
            TextTable params = new TextTable("PARAM", ha, hb);
            for (String k : paramKeys) {
                String x = ra.flatMap(r -> r.data().param(k)).orElse(null);
                String y = rb.flatMap(r -> r.data().param(k)).orElse(null);
                if (!java.util.Objects.equals(x, y)) {
                    params.row(k, x, y);
                }
            }
            if (params.isEmpty()) {
                out.println("  none");
            } else {
                params.print(out, "  ");
            }
        }
        return ExitCodes.OK;
    }

    private static String signed(double d) {
        return (d > 0 ? "+" : "") + Format.number(d);
    }
}

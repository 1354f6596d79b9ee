package dev.loupe.cli.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.registry.ModelRef;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code loupe models compare A B}: two versions side by side, from the runs that produced them:
 * metrics (with B - A), params that differ, and the dataset versions each was trained on. With
 * {@code --json}: both versions with their runs, every metric (a, b, b_minus_a) and every param (a, b, differs).
 */
@Command(name = "compare", description = "Compare two model versions' metrics and params, from their runs.")
final class ModelsCompareCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "A", description = "NAME/VERSION or NAME@ALIAS")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "NAME/VERSION or NAME@ALIAS, or a bare version number of the same model")
    String b;

    @Option(names = "--json", description = "print both versions, their metrics and params as JSON")
    boolean json;

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
            if (json) {
                JsonOutput.print(out, json(va, vb, ra, rb, store.tracking()));
                return ExitCodes.OK;
            }
            String ha = va.ref();
            String hb = vb.ref();
            out.printf("%s vs %s%n", ha, hb);
            TextTable runs = new TextTable("", ha, hb);
            runs.row("run", ra.map(r -> r.info().runId()).orElse("-"), rb.map(r -> r.info().runId()).orElse("-"));
            runs.row("datasets", ra.map(r -> ModelsShowCommand.datasets(r.inputs())).orElse("-"),
                    rb.map(r -> ModelsShowCommand.datasets(r.inputs())).orElse("-"));
            runs.row("source", va.source(), vb.source());
            runs.print(out, "  ");

            out.println();
            out.println("Metrics:");
            TextTable metrics = new TextTable("METRIC", ha, hb, "B - A");
            for (String k : keys(ra, rb, Metric::key, r -> r.data().metrics())) {
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

            out.println();
            out.println("Params that differ:");
            TextTable params = new TextTable("PARAM", ha, hb);
            for (String k : keys(ra, rb, Param::key, r -> r.data().params())) {
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

    private static ObjectNode json(ModelVersion va, ModelVersion vb, Optional<Run> ra, Optional<Run> rb, TrackingStore tracking) {
        ObjectNode root = JsonOutput.object();
        root.set("a", TrackingJson.version(va, tracking));
        root.set("b", TrackingJson.version(vb, tracking));
        ObjectNode metrics = root.putObject("metrics");
        for (String k : keys(ra, rb, Metric::key, r -> r.data().metrics())) {
            Optional<Double> x = ra.flatMap(r -> r.data().metric(k)).map(Metric::value);
            Optional<Double> y = rb.flatMap(r -> r.data().metric(k)).map(Metric::value);
            ObjectNode n = metrics.putObject(k);
            JsonOutput.number(n, "a", x.orElse(Double.NaN));
            JsonOutput.number(n, "b", y.orElse(Double.NaN));
            JsonOutput.number(n, "b_minus_a", x.isPresent() && y.isPresent() ? y.get() - x.get() : Double.NaN);
        }
        ObjectNode params = root.putObject("params");
        for (String k : keys(ra, rb, Param::key, r -> r.data().params())) {
            String x = ra.flatMap(r -> r.data().param(k)).orElse(null);
            String y = rb.flatMap(r -> r.data().param(k)).orElse(null);
            params.putObject(k).put("a", x).put("b", y).put("differs", !java.util.Objects.equals(x, y));
        }
        return root;
    }

    /** The keys of either run's metrics or params, sorted. */
    private static <T> TreeSet<String> keys(Optional<Run> ra, Optional<Run> rb, Function<T, String> key,
                                            Function<Run, List<T>> items) {
        TreeSet<String> keys = new TreeSet<>();
        ra.ifPresent(r -> items.apply(r).forEach(x -> keys.add(key.apply(x))));
        rb.ifPresent(r -> items.apply(r).forEach(x -> keys.add(key.apply(x))));
        return keys;
    }

    private static String signed(double d) {
        return (d > 0 ? "+" : "") + Format.number(d);
    }
}

package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.image.Images;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.estimate.PerformanceEstimate;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.report.DriftFinding;
import dev.loupe.monitor.report.DriftReport;
import dev.loupe.monitor.watch.ConceptMonitor;
import dev.loupe.monitor.watch.SliceMetrics;
import dev.loupe.core.monitoring.LabelledPrediction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code loupe monitor report --model NAME}: each drifting detector's latest alarm explained (median
 * before and after, in the statistic's units), the most extreme images since the change (exported with
 * {@code --out}), estimated performance when the reference is labelled, and concept drift from feedback.
 * With {@code --json}: {@code monitor status --json}'s document plus {@code findings} and {@code feedback}.
 * Exits 1 when something drifts, with or without {@code --json}.
 */
@Command(name = "report", description = {"Drift report: what moved, since when, by how much, and the worst examples.",
        "Changes in the statistic's own units, the worst examples (--out DIR exports their images), estimated performance (CBPE) and",
        "precision/recall per slice from feedback labels. Exits 1 when something drifts."})
final class MonitorReportCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--model", required = true, paramLabel = "NAME[@VERSION]", description = "the model (default version: its newest reference)")
    String model;

    @Option(names = "--since", paramLabel = "T", description = "from this time (ISO-8601) or age (90m, 2h, 7d); default: the reference's creation")
    String since;

    @Option(names = "--worst", paramLabel = "N", description = "examples per drifting detector (default: ${DEFAULT-VALUE})")
    int worst = 5;

    @Option(names = "--out", paramLabel = "DIR", description = "write the worst examples' images here")
    Path outDir;

    @Option(names = "--labels", paramLabel = "N", description = "feedback labels per slice for precision/recall (default: ${DEFAULT-VALUE})")
    int labels = 500;

    @Option(names = "--json", description = "print the report as JSON (same exit codes)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        MonitorStatusCommand.ModelRef ref = MonitorStatusCommand.ModelRef.parse(model);
        Instant given = since == null ? null : Since.parse("--since", since, Instant.now());
        PrintWriter out = spec.commandLine().getOut();
        try (MonitorSession s = new MonitorSession(global.config())) {
            Reference reference = s.reference(ref.name(), ref.version());
            Instant from = given == null ? reference.createdAt() : given;
            MonitorSession.Replayed r = s.replay(reference, from, 1e6);
            List<DriftAlarm> alarms = s.store.monitoring().alarms(reference.model(), from).stream()
                    .filter(a -> a.version().equals(reference.version())).toList();
            Map<String, DriftAlarm> latest = new LinkedHashMap<>();
            alarms.forEach(a -> latest.put(a.monitor(), a));
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            List<DriftFinding> findings = new ArrayList<>();
            for (DriftAlarm a : latest.values()) {
                findings.add(DriftReport.explain(a, reference, s.store.predictions(), worst));
            }
            Concept concept = concept(s, reference, from);
            if (json) {
                ObjectNode root = StatusView.json(reference, r, from, alarms, s.store.monitoring().alertStates());
                ArrayNode array = root.putArray("findings");
                for (DriftFinding f : findings) {
                    array.add(json(s, f));
                }
                root.set("feedback", concept == null ? NullNode.getInstance() : concept.json());
                JsonOutput.print(out, root);
            } else {
                StatusView.print(out, reference, r.monitor(), r.result(), alarms);
                for (DriftFinding f : findings) {
                    print(s, f, r, out);
                }
                r.estimator().ifPresent(e -> {
                    PerformanceEstimate pe = e.estimate();
                    out.printf(Locale.ROOT, "%nestimated on the last %d predictions: precision %.3f, recall %.3f, accuracy %.3f%n  (%s)%n",
                            pe.predictions(), pe.precision(), pe.recall(), pe.accuracy(), PerformanceEstimate.LIMITS);
                });
                if (concept != null) {
                    concept.print(out);
                }
            }
            out.flush();
            return alarms.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private void print(MonitorSession s, DriftFinding f, MonitorSession.Replayed r, PrintWriter out) throws IOException {
        DriftAlarm a = f.alarm();
        out.printf(Locale.ROOT, "%n%s: %s%n", a.monitor(), StatusView.describe(a));
        if (!Double.isNaN(f.referenceMedian())) {
            out.printf(Locale.ROOT, "  median %.4g in the reference, %.4g since the change (%+.1f%%)%n",
                    f.referenceMedian(), f.currentMedian(),
                    100 * (f.currentMedian() - f.referenceMedian()) / Math.abs(f.referenceMedian()));
        }
        if (a.monitor().equals("missing")) {
            out.printf(Locale.ROOT, "  NaN values: %s%n", r.monitor().detectors().stream()
                    .filter(d -> d.missing() > 0 && !d.monitor().equals("missing"))
                    .map(d -> d.monitor() + " " + d.missing() + " of " + d.observed()).reduce((x, y) -> x + ", " + y)
                    .orElse("none in this replay"));
            for (LoggedPrediction p : f.worst()) {
                out.printf(Locale.ROOT, "  %s NaN %s %s image %s%s%n", p.time(), String.join(", ", DriftReport.missingValues(p)),
                        p.requestId(), p.image().orElseThrow(), arrow(export(s, p, a.monitor())));
            }
            return;
        }
        for (LoggedPrediction p : f.worst()) {
            String where = arrow(export(s, p, a.monitor()));
            out.printf(Locale.ROOT, "  %s %s=%.4g score %.3f %s image %s%s%n", p.time(), a.monitor(),
                    value(p, a.monitor()), p.score(), p.requestId(), p.image().orElseThrow(), where);
        }
        if (f.worst().isEmpty() && !Double.isNaN(f.referenceMedian())) {
            out.println("  no kept images since the change (raise the recorder's image sample rate)");
        }
    }

    /**
     * A finding: {@code monitor}, its latest {@code alarm}, {@code reference_median} and {@code current_median}
     * (null for {@code missing}), and the {@code worst} examples with their {@code value} of the monitor's
     * statistic, {@code missing_values} and the exported {@code file} (null without {@code --out}).
     */
    private ObjectNode json(MonitorSession s, DriftFinding f) throws IOException {
        String monitor = f.alarm().monitor();
        ObjectNode n = JsonOutput.object().put("monitor", monitor);
        n.set("alarm", StatusView.alarm(f.alarm()));
        JsonOutput.number(n, "reference_median", f.referenceMedian());
        JsonOutput.number(n, "current_median", f.currentMedian());
        ArrayNode worstArray = n.putArray("worst");
        for (LoggedPrediction p : f.worst()) {
            ObjectNode w = worstArray.addObject();
            JsonOutput.time(w, "time", p.time());
            w.put("request_id", p.requestId()).put("image", p.image().map(Object::toString).orElse(null));
            JsonOutput.number(w, "value", monitor.equals("missing") ? Double.NaN : value(p, monitor));
            JsonOutput.number(w, "score", p.score());
            ArrayNode missing = w.putArray("missing_values");
            DriftReport.missingValues(p).forEach(missing::add);
            w.put("file", export(s, p, monitor).map(Path::toString).orElse(null));
        }
        return n;
    }

    private static double value(LoggedPrediction p, String monitor) {
        return monitor.equals("score") ? p.score() : p.stats().map(x -> x.get(monitor)).orElse(Double.NaN);
    }

    private static String arrow(Optional<Path> file) {
        return file.map(f -> " -> " + f).orElse("");
    }

    /** Concept drift from feedback labels; null when the version has none since {@code from}. Records its alarms. */
    private Concept concept(MonitorSession s, Reference reference, Instant from) {
        List<LabelledPrediction> labelled = s.store.feedback().labelled(reference.model(), from, 1_000_000).stream()
                .filter(l -> l.prediction().version().equals(reference.version())).toList();
        if (labelled.isEmpty()) {
            return null;
        }
        double p0 = Double.isNaN(reference.errorRate()) ? 0.05 : reference.errorRate();
        ConceptMonitor cm = new ConceptMonitor(reference.model(), reference.version(), reference.positive(), p0, 1e5, labels);
        List<DriftAlarm> raised = new ArrayList<>();
        labelled.forEach(l -> cm.observe(l).ifPresent(a -> {
            s.store.monitoring().addAlarm(a);
            raised.add(a);
        }));
        return new Concept(labelled.size(), cm, raised);
    }

    /** What the feedback labels say: their count, the error-rate CUSUM, its alarms and the slices. */
    private record Concept(int labels, ConceptMonitor monitor, List<DriftAlarm> alarms) {
        void print(PrintWriter out) {
            alarms.forEach(a -> out.printf(Locale.ROOT, "%nconcept drift: %s%n", StatusView.describe(a)));
            out.printf(Locale.ROOT, "%nfeedback: %d labels; error-rate CUSUM %.2f of %.2f (unweighted: see ConceptMonitor)%n",
                    labels, monitor.statistic(), monitor.threshold());
            for (SliceMetrics m : monitor.slices()) {
                out.printf(Locale.ROOT, "  %-24s %5d labels  precision %.3f  recall %.3f%n", m.slice(), m.labels(), m.precision(), m.recall());
            }
        }

        /** {@code labels}, {@code statistic}, {@code threshold}, {@code alarms} and {@code slices}. */
        ObjectNode json() {
            ObjectNode n = JsonOutput.object().put("labels", labels);
            JsonOutput.number(n, "statistic", monitor.statistic());
            JsonOutput.number(n, "threshold", monitor.threshold());
            ArrayNode raised = n.putArray("alarms");
            alarms.forEach(a -> raised.add(StatusView.alarm(a)));
            ArrayNode slices = n.putArray("slices");
            for (SliceMetrics m : monitor.slices()) {
                ObjectNode x = slices.addObject().put("slice", m.slice()).put("labels", m.labels());
                JsonOutput.number(x, "precision", m.precision());
                JsonOutput.number(x, "recall", m.recall());
            }
            return n;
        }
    }

    /** Writes the prediction's image to {@code --out}; empty without it. */
    private Optional<Path> export(MonitorSession s, LoggedPrediction p, String monitor) throws IOException {
        if (outDir == null) {
            return Optional.empty();
        }
        byte[] bytes = s.images().read(p.image().orElseThrow());
        String ext = switch (Images.sniffFormat(bytes)) {
            case "png" -> ".png";
            case "jpeg" -> ".jpg";
            case "bmp" -> ".bmp";
            case "tiff" -> ".tif";
            default -> ".bin";
        };
        Path file = outDir.resolve(monitor + "-" + p.requestId().replaceAll("[^A-Za-z0-9._-]", "_") + ext);
        Files.write(file, bytes);
        return Optional.of(file);
    }
}

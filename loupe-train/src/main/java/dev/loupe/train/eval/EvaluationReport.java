package dev.loupe.train.eval;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * An evaluation as text for a person and as a JSON tree for programs (the CLI prints it). JSON field names
 * are stable; undefined ratios are {@code null}.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    /** The report for a person: overall metrics, the target-recall threshold, latency, the top slices. */
    public static String text(Evaluation e, int topSlices) {
        StringBuilder sb = new StringBuilder();
        BinaryMetrics m = e.overall();
        Confusion c = m.confusion();
        sb.append(String.format(Locale.ROOT, "model %s (sha256:%s) on %s, split %s: %d images (%d defects, %d good)%n",
                e.model(), e.modelSha().substring(0, 12), e.dataset(), e.split(), c.total(), c.positives(), c.negatives()));
        Evaluation.Skipped skipped = e.skipped();
        if (skipped.total() > 0) {
            sb.append(String.format(Locale.ROOT, "skipped %d of %d images: %d unreadable, %d unlabelled, %d with a label the"
                            + " model does not have%s%n", skipped.total(), skipped.total() + c.total(), skipped.unreadable(),
                    skipped.unlabelled(), skipped.unknownLabel(), skipped.unknownLabels().isEmpty() ? ""
                            : " (" + Evaluator.counts(skipped.unknownLabels()) + ")"));
        }
        sb.append(String.format(Locale.ROOT, "at the model's threshold %.4f:%n", m.threshold()));
        sb.append(String.format(Locale.ROOT, "  accuracy %s  precision %s  recall %s  F1 %s  false-reject rate %s%n",
                f(m.accuracy()), f(m.precision()), f(m.recall()), f(m.f1()), f(m.falseRejectRate())));
        sb.append(String.format(Locale.ROOT, "  AUROC %s  average precision %s%n", f(m.auroc()), f(m.averagePrecision())));
        sb.append(String.format(Locale.ROOT, "  confusion        predicted defect  predicted ok%n"));
        sb.append(String.format(Locale.ROOT, "    actual defect  %16d  %12d%n", c.tp(), c.fn()));
        sb.append(String.format(Locale.ROOT, "    actual ok      %16d  %12d%n", c.fp(), c.tn()));
        e.atTarget().ifPresentOrElse(t -> sb.append(String.format(Locale.ROOT,
                        "for the target recall %s: threshold %.4f gives recall %s at a false-reject rate of %s%n",
                        f(t.targetRecall()), t.threshold(), f(t.recall()), f(t.falseRejectRate()))),
                () -> sb.append("no defects in this split: no threshold for the target recall\n"));
        sb.append(String.format(Locale.ROOT, "latency per image (decode + preprocess + inference): median %.3f ms, p99 %.3f ms%n",
                e.latency().medianMillis(), e.latency().p99Millis()));
        List<SliceResult> losing = e.slices().stream().filter(s -> s.loss() > 0).limit(topSlices).toList();
        if (losing.isEmpty()) {
            sb.append("slices: none does worse than the whole set\n");
        } else {
            sb.append("slices that lose most (recall drop for slices with defects, false-reject rise for good-only ones):\n");
            for (SliceResult s : losing) {
                // the counts behind the rates: "recall 0.500" on 2 defects is not evidence of much
                Confusion counts = s.metrics().confusion();
                sb.append(String.format(Locale.ROOT, "  %-40s %-28s loses %.3f %-17s recall %s  false-reject %s%n",
                        s.name(), String.format(Locale.ROOT, "n=%d (%d defects, %d good)", counts.total(),
                                counts.positives(), counts.negatives()), s.loss(), s.lossMetric(), f(s.metrics().recall()),
                        f(s.metrics().falseRejectRate())));
            }
        }
        return sb.toString();
    }

    /**
     * The report for programs ({@code loupe eval --json}, docs/cli-json.md): snake_case fields that do not
     * change, an undefined ratio {@code null}, and {@code at_target_recall} null when the split has no defects.
     */
    public static ObjectNode tree(Evaluation e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", e.model());
        root.put("model_sha256", e.modelSha());
        root.put("dataset", e.dataset());
        root.put("split", e.split());
        ObjectNode skipped = root.putObject("skipped");
        skipped.put("unreadable", e.skipped().unreadable());
        skipped.put("unlabelled", e.skipped().unlabelled());
        skipped.put("unknown_label", e.skipped().unknownLabel());
        metrics(root.putObject("overall"), e.overall());
        e.atTarget().ifPresentOrElse(t -> {
            ObjectNode n = root.putObject("at_target_recall");
            put(n, "target_recall", t.targetRecall());
            put(n, "threshold", t.threshold());
            put(n, "recall", t.recall());
            put(n, "false_reject_rate", t.falseRejectRate());
        }, () -> root.putNull("at_target_recall"));
        ObjectNode lat = root.putObject("latency");
        lat.put("count", e.latency().count());
        put(lat, "median_ms", e.latency().medianMillis());
        put(lat, "p99_ms", e.latency().p99Millis());
        var slices = root.putArray("slices");
        for (SliceResult s : e.slices()) {
            ObjectNode n = slices.addObject();
            n.put("column", s.column());
            n.put("value", s.value());
            put(n, "loss", s.loss());
            n.put("loss_metric", s.lossMetric());
            metrics(n.putObject("metrics"), s.metrics());
        }
        return root;
    }

    private static void metrics(ObjectNode n, BinaryMetrics m) {
        Confusion c = m.confusion();
        n.put("count", c.total());
        n.put("positives", c.positives());
        n.put("negatives", c.negatives());
        put(n, "threshold", m.threshold());
        ObjectNode cm = n.putObject("confusion");
        cm.put("tp", c.tp());
        cm.put("fp", c.fp());
        cm.put("tn", c.tn());
        cm.put("fn", c.fn());
        put(n, "accuracy", m.accuracy());
        put(n, "precision", m.precision());
        put(n, "recall", m.recall());
        put(n, "f1", m.f1());
        put(n, "false_reject_rate", m.falseRejectRate());
        put(n, "auroc", m.auroc());
        put(n, "average_precision", m.averagePrecision());
    }

    private static void put(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}

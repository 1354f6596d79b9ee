package dev.loupe.cli.bench;

import dev.loupe.cli.models.TextTable;
import dev.loupe.train.eval.BinaryMetrics;
import dev.loupe.train.eval.RankMetrics;
import dev.loupe.train.eval.ScoredSample;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The text of {@code loupe bench train}: the trainers' test figures in one column each, and the rerun check.
 *
 * <p>Per defect type, "recall" is at the model's own threshold (chosen on the validation split for the
 * project's target recall, as deployed) and "AUROC" ranks that type's defects against every good part
 * of the test split.
 */
final class TrainBenchTable {

    /** The manifest column the generator writes each defect's type to. */
    static final String DEFECT_TYPE = "defect_type";

    private TrainBenchTable() {
    }

    static String render(List<TrainBenchmark.Outcome> outcomes, double targetRecall) {
        String[] header = new String[outcomes.size() + 1];
        header[0] = "test split";
        for (int i = 0; i < outcomes.size(); i++) {
            header[i + 1] = outcomes.get(i).trainer();
        }
        TextTable t = new TextTable(header);
        row(t, outcomes, "images (defects)", o -> o.test().overall().count() + " (" + o.test().overall().confusion().positives() + ")");
        row(t, outcomes, "AUROC", o -> f4(o.test().overall().auroc()));
        row(t, outcomes, "model threshold (for recall " + targetRecall + ")", o -> f4(o.test().overall().threshold()));
        row(t, outcomes, "  recall", o -> f3(o.test().overall().recall()));
        row(t, outcomes, "  false-reject rate", o -> f3(o.test().overall().falseRejectRate()));
        for (String type : types(outcomes)) {
            row(t, outcomes, "  recall " + type, o -> typeMetrics(o, type).map(m -> f3(m.recall())
                    + " (" + m.confusion().positives() + ")").orElse("-"));
        }
        row(t, outcomes, "false-reject rate at test recall " + targetRecall,
                o -> o.test().atTarget().map(c -> f3(c.falseRejectRate())).orElse("-"));
        for (String type : types(outcomes)) {
            row(t, outcomes, "AUROC " + type + " vs ok", o -> f4(typeAuroc(o, type)));
        }
        row(t, outcomes, "training wall seconds", o -> o.wall() == null ? "-"
                : String.format(Locale.ROOT, "%.1f", o.wall().toMillis() / 1000.0));
        row(t, outcomes, "training CPU seconds", o -> o.cpu() == null ? "-"
                : String.format(Locale.ROOT, "%.1f", o.cpu().toMillis() / 1000.0));
        row(t, outcomes, "epochs (best)", o -> Double.isNaN(o.epochs()) ? "-" : String.format(Locale.ROOT, "%.0f (%.0f)",
                o.epochs(), o.trainingMetrics().getOrDefault("best_epoch", Double.NaN)));
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        t.print(w, "");
        w.flush();
        return s.toString();
    }

    /** The same-seed rerun against the first run: test AUROC of each and the largest score difference. */
    static String rerun(TrainBenchmark.Outcome first, TrainBenchmark.Outcome again) {
        return String.format(Locale.ROOT, "same-seed rerun of %s: test AUROC %.6f vs %.6f, largest test score "
                        + "difference %.2e, epochs %.0f vs %.0f%n", first.trainer(), first.test().overall().auroc(),
                again.test().overall().auroc(), TrainBenchmark.maxScoreDiff(first, again), first.epochs(), again.epochs());
    }

    private static void row(TextTable t, List<TrainBenchmark.Outcome> outcomes, String name,
                            Function<TrainBenchmark.Outcome, String> cell) {
        Object[] cells = new Object[outcomes.size() + 1];
        cells[0] = name;
        for (int i = 0; i < outcomes.size(); i++) {
            cells[i + 1] = cell.apply(outcomes.get(i));
        }
        t.row(cells);
    }

    private static TreeSet<String> types(List<TrainBenchmark.Outcome> outcomes) {
        TreeSet<String> types = new TreeSet<>();
        for (TrainBenchmark.Outcome o : outcomes) {
            for (ScoredSample s : o.test().scored()) {
                String type = s.sample().metadata().get(DEFECT_TYPE);
                if (s.positive() && type != null) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static java.util.Optional<BinaryMetrics> typeMetrics(TrainBenchmark.Outcome o, String type) {
        return o.test().slices().stream().filter(s -> s.column().equals(DEFECT_TYPE) && s.value().equals(type))
                .map(s -> s.metrics()).findFirst();
    }

    /** AUROC of one defect type's test images against all good test images. */
    static double typeAuroc(TrainBenchmark.Outcome o, String type) {
        List<ScoredSample> members = o.test().scored().stream()
                .filter(s -> !s.positive() || type.equals(s.sample().metadata().get(DEFECT_TYPE))).toList();
        double[] scores = new double[members.size()];
        boolean[] truths = new boolean[members.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = members.get(i).score();
            truths[i] = members.get(i).positive();
        }
        return RankMetrics.auroc(scores, truths);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}

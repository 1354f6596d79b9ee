package dev.loupe.pipeline.gate;

import dev.loupe.core.project.GateSection;
import dev.loupe.core.project.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a challenger may replace the champion, from their figures on the same test images
 * and the project file's {@code gate}, {@code targets} and {@code baselines}:
 * <ol>
 *   <li>on the champion's original test set, no metric of {@code gate.max_regression} may lose more
 *       than its tolerance (for the false-reject rate: rise);</li>
 *   <li>with {@code must_beat_champion_on_new_conditions}, the challenger's balanced accuracy (mean of
 *       recall and 1 - false-reject rate, at each model's own threshold: what the line experiences) on the
 *       new images' test share must exceed the champion's, or both be perfect (skipped, and said so,
 *       when those images lack defects or good parts);</li>
 *   <li>each target of {@code gate.targets} is met on the whole test split;</li>
 *   <li>with {@code must_beat_baselines}, its recall reaches the measured rule-based baseline.</li>
 * </ol>
 * A metric the challenger cannot be measured on (recall without defects) fails its check. Pure function.
 */
public final class Gate {
    private final GateSection gate;
    private final Project project;

    public Gate(GateSection gate, Project project) {
        this.gate = gate;
        this.project = project;
    }

    public GateDecision decide(Comparison c) {
        List<String> checks = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(gate.maxRegression()).entrySet()) {
            String metric = e.getKey();
            Double champ = c.champion().original().metric(metric);
            Double chall = c.challenger().original().metric(metric);
            boolean higherIsWorse = metric.equals("false_reject_rate");
            String line;
            boolean ok;
            if (champ == null || chall == null) {
                ok = chall != null; // no champion figure: nothing to regress from; no challenger figure: no evidence
                line = metric + " on the original test set: champion " + fmt(champ) + ", challenger " + fmt(chall);
            } else {
                double loss = higherIsWorse ? chall - champ : champ - chall;
                ok = loss <= e.getValue() + 1e-12;
                line = String.format(Locale.ROOT, "%s on the original test set: challenger %.4f vs champion %.4f (%s %.4f, allowed %.4f)",
                        metric, chall, champ, higherIsWorse ? "rise" : "loss", Math.max(0, loss), e.getValue());
            }
            record(ok, line, checks, failed);
        }
        if (gate.mustBeatChampionOnNewConditions()) {
            Figures champ = c.champion().newConditions();
            Figures chall = c.challenger().newConditions();
            Double before = champ == null ? null : champ.balancedAccuracy();
            if (champ == null) {
                checks.add("new conditions: not checked (no new-condition test images)");
            } else if (before == null) {
                checks.add(oneClass(champ));
            } else {
                Double after = chall.balancedAccuracy();
                boolean ok = after != null && (after > before || (before == 1.0 && after == 1.0));
                record(ok, String.format(Locale.ROOT, "balanced accuracy on the %d new-condition test images: challenger %s"
                        + " vs champion %.4f (must be higher)", chall.images(), fmt(after), before), checks, failed);
            }
        }
        Figures all = c.challenger().all();
        for (String target : gate.targets()) {
            Double v = all.metric(target);
            double limit = switch (target) {
                case "recall" -> project.targets().recall();
                case "false_reject_rate" -> project.targets().falseRejectRate();
                default -> project.targets().p99LatencyMillis();
            };
            boolean atLeast = target.equals("recall");
            boolean ok = v != null && (atLeast ? v >= limit : v <= limit);
            record(ok, String.format(Locale.ROOT, "target %s: %s on the whole test split (%s %s)", target, fmt(v),
                    atLeast ? "at least" : "at most", fmt(limit)), checks, failed);
        }
        if (gate.mustBeatBaselines() && project.baselines().ruleBasedRecall().isPresent()) {
            double base = project.baselines().ruleBasedRecall().get();
            Double v = all.recall();
            record(v != null && v >= base, String.format(Locale.ROOT, "recall %s vs the rule-based baseline's %.4f",
                    fmt(v), base), checks, failed);
        }
        return failed.isEmpty() ? new GateDecision.Passed(checks) : new GateDecision.Failed(failed, checks);
    }

    /**
     * Why balanced accuracy is not compared on new-condition images of one class: recall needs defects and the
     * false-reject rate good parts, so on one class both models' figure is undefined (or, computed anyway,
     * the same 0.5 for any two models that answer alike on that class).
     */
    private static String oneClass(Figures f) {
        String which = f.defects() == 0 ? "good parts" : "defects";
        return String.format(Locale.ROOT, "new conditions: not checked: the %d new-condition test images are all %s, so"
                + " balanced accuracy cannot compare the models; review more new-condition images of both classes"
                + " (defects and good parts) and run again", f.images(), which);
    }

    private static void record(boolean ok, String line, List<String> checks, List<String> failed) {
        checks.add((ok ? "pass: " : "FAIL: ") + line);
        if (!ok) {
            failed.add(line);
        }
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.4f", d);
    }
}

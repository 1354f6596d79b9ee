package dev.loupe.pipeline.rollout;

import dev.loupe.core.project.GateSection;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.rollout.LiveFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a challenger did worse than the champion live: a failure rate or a labelled error
 * rate more than {@code retraining.rollout.max_live_regression} above the champion's, or (when the gate
 * checks latency) a p99 latency above the project's target. Error rates are compared only once both
 * models have at least {@link #MIN_LABELLED} labelled images. When both models have labelled defects
 * and labelled good parts, the balanced error rate is compared (the mean of the miss rate and the
 * false-reject rate, as the gate's balanced accuracy): with a quarter of parts defective, a model that
 * passes everything has a plain error rate of 0.25 and would beat one that catches nine defects in ten
 * at a 0.4 false-reject rate. Pure function.
 */
public final class LiveJudge {
    /** Labelled images each model needs before error rates are compared. */
    public static final int MIN_LABELLED = 10;

    private final RetrainingSection.RolloutPolicy policy;
    private final Project project;
    private final GateSection gate;

    public LiveJudge(RetrainingSection.RolloutPolicy policy, Project project, GateSection gate) {
        this.policy = policy;
        this.project = project;
        this.gate = gate;
    }

    /** The verdict, with a summary line of the figures. */
    public record Verdict(boolean worse, List<String> reasons, String summary) {
    }

    public Verdict judge(LiveFigures f) {
        List<String> reasons = new ArrayList<>();
        LiveFigures.Arm champ = f.champion();
        LiveFigures.Arm chall = f.challenger();
        double tol = policy.maxLiveRegression();
        if (chall.failureRate() > champ.failureRate() + tol) {
            reasons.add(String.format(Locale.ROOT, "challenger failed on %.1f%% of requests vs the champion's %.1f%%",
                    100 * chall.failureRate(), 100 * champ.failureRate()));
        }
        if (champ.labelled() >= MIN_LABELLED && chall.labelled() >= MIN_LABELLED) {
            boolean balanced = !Double.isNaN(champ.balancedErrorRate()) && !Double.isNaN(chall.balancedErrorRate());
            double champError = balanced ? champ.balancedErrorRate() : champ.errorRate();
            double challError = balanced ? chall.balancedErrorRate() : chall.errorRate();
            if (challError > champError + tol) {
                reasons.add(String.format(Locale.ROOT, "live %serror rate %.3f vs the champion's %.3f (allowed rise %.3f)",
                        balanced ? "balanced " : "", challError, champError, tol));
            }
        }
        double p99 = chall.p99LatencyNanos() / 1e6;
        if (gate.targets().contains("p99_latency_ms") && chall.requests() > 0 && p99 > project.targets().p99LatencyMillis()) {
            reasons.add(String.format(Locale.ROOT, "p99 latency %.2f ms above the target %.2f ms", p99,
                    project.targets().p99LatencyMillis()));
        }
        String summary = String.format(Locale.ROOT, "%s: challenger %d requests, error rate %s (balanced %s) on %d labelled;"
                        + " champion %d requests, error rate %s (balanced %s) on %d labelled; %d of %d compared images disagreed",
                f.phase(), chall.requests(), rate(chall.errorRate()), rate(chall.balancedErrorRate()), chall.labelled(),
                champ.requests(), rate(champ.errorRate()), rate(champ.balancedErrorRate()), champ.labelled(), f.disagreed(),
                f.compared());
        return new Verdict(!reasons.isEmpty(), reasons, summary);
    }

    private static String rate(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.3f", r);
    }
}

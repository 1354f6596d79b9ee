package dev.loupe.edge.decide;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.decision.StopLine;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.InferenceFailure;
import dev.loupe.edge.record.EdgeRecord;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns answers into decisions with reasons, and watches the stream for reasons to stop the line.
 *
 * <p>Policy: an answer from the station's model is decided with that model's policy (already carrying
 * the project's and the flags' overrides, see {@code ActiveModel}); an answer from the server keeps the
 * server's decision unless the station overrides the policy. An image no model answered goes to
 * review (a person decides what nobody could). Stops: a burst of rejects ({@link StopLine}), or too
 * many failures in a row ({@link StopRules}); after a stop the counters start again.
 *
 * <p>Not thread-safe: the pipeline thread owns it.
 */
public final class LineDecider {

    /** A decision, its reason, and a stop if this part triggered one. */
    public record Verdict(Decision decision, String reason, Optional<String> stopCause, String stopReason) {
    }

    private final StopRules rules;
    private final Optional<UnaryOperator<DecisionPolicy>> remoteOverride;
    private final Optional<StopLine> rejects;
    private int inferenceFailures;
    private int cameraFailures;

    /**
     * @param remoteOverride applied to the server's threshold for remote answers when the station sets
     *                       its own policy; empty to keep the server's decisions
     */
    public LineDecider(StopRules rules, Optional<UnaryOperator<DecisionPolicy>> remoteOverride) {
        this.rules = rules;
        this.remoteOverride = remoteOverride;
        this.rejects = rules.rejects().map(StopLine::new);
    }

    public Verdict decide(Answer a) {
        inferenceFailures = 0;
        cameraFailures = 0;
        Decision d;
        String reason;
        if (a.via() == EdgeRecord.Via.REMOTE && a.serverDecision().isPresent() && remoteOverride.isEmpty()) {
            d = a.serverDecision().get();
            reason = "server decided " + d.wireName() + " (score " + fmt(a.score()) + ")";
        } else {
            DecisionPolicy p = a.via() == EdgeRecord.Via.REMOTE && remoteOverride.isPresent()
                    ? remoteOverride.get().apply(a.policy()) : a.policy();
            d = p.decide(a.score());
            reason = reason(p, a.score(), d);
        }
        if (a.via() == EdgeRecord.Via.FALLBACK) {
            reason += "; station model (" + a.note() + ")";
        }
        if (rejects.isPresent() && rejects.get().record(d)) {
            rejects.get().reset();
            DecisionPolicy.StopLineRule r = rules.rejects().get();
            return new Verdict(d, reason, Optional.of("rejects"), r.rejects() + " rejects in the last " + r.window() + " parts");
        }
        return new Verdict(d, reason, Optional.empty(), "");
    }

    /** An image no model answered: review, and maybe a stop. */
    public Verdict failed(InferenceFailure f) {
        String reason = "no model answered: " + f.getMessage();
        rejects.ifPresent(s -> s.record(Decision.REVIEW));
        if (f.kind() == InferenceFailure.Kind.CAMERA) {
            cameraFailures++;
            if (rules.cameraFailures() > 0 && cameraFailures >= rules.cameraFailures()) {
                cameraFailures = 0;
                return new Verdict(Decision.REVIEW, reason, Optional.of("camera"),
                        rules.cameraFailures() + " unreadable images in a row (" + f.getMessage() + ")");
            }
        } else {
            inferenceFailures++;
            if (rules.inferenceFailures() > 0 && inferenceFailures >= rules.inferenceFailures()) {
                inferenceFailures = 0;
                return new Verdict(Decision.REVIEW, reason, Optional.of("inference"),
                        rules.inferenceFailures() + " images in a row with no model answer (" + f.getMessage() + ")");
            }
        }
        return new Verdict(Decision.REVIEW, reason, Optional.empty(), "");
    }

    static String reason(DecisionPolicy p, double score, Decision d) {
        return switch (d) {
            case REVIEW -> "score " + fmt(score) + " in review band [" + fmt(p.reviewBand().orElseThrow().low()) + ", "
                    + fmt(p.reviewBand().orElseThrow().high()) + ")";
            case REJECT -> "score " + fmt(score) + " >= threshold " + fmt(p.threshold());
            case PASS -> "score " + fmt(score) + " < threshold " + fmt(p.threshold());
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

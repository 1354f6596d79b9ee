package dev.loupe.edge.decide;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.edge.infer.Answer;
import dev.loupe.edge.infer.InferenceFailure;
import dev.loupe.edge.record.EdgeRecord;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LineDeciderTest {
    static final DecisionPolicy POLICY = new DecisionPolicy(0.5, Optional.of(new ModelDescriptor.ReviewBand(0.4, 0.6)), Optional.empty());

    static Answer local(double score) {
        return new Answer(score, score >= 0.5 ? "defect" : "ok", "m", "1", POLICY, Optional.empty(), EdgeRecord.Via.LOCAL, "");
    }

    @Test
    void decide_scoreInBand_goesToReviewWithTheBandAsReason() {
        LineDecider d = new LineDecider(StopRules.never(), Optional.empty());
        LineDecider.Verdict v = d.decide(local(0.45));
        assertThat(v.decision()).isEqualTo(Decision.REVIEW);
        assertThat(v.reason()).isEqualTo("score 0.450 in review band [0.400, 0.600)");
        assertThat(d.decide(local(0.9)).decision()).isEqualTo(Decision.REJECT);
        assertThat(d.decide(local(0.1)).reason()).isEqualTo("score 0.100 < threshold 0.500");
    }

    @Test
    void decide_thirdRejectInWindow_stopsTheLineOnce() {
        LineDecider d = new LineDecider(new StopRules(Optional.of(new DecisionPolicy.StopLineRule(3, 5)), 0, 0, false), Optional.empty());
        assertThat(d.decide(local(0.9)).stopCause()).isEmpty();
        assertThat(d.decide(local(0.1)).stopCause()).isEmpty();
        assertThat(d.decide(local(0.9)).stopCause()).isEmpty();
        LineDecider.Verdict third = d.decide(local(0.9));
        assertThat(third.stopCause()).contains("rejects");
        assertThat(third.stopReason()).isEqualTo("3 rejects in the last 5 parts");
        assertThat(d.decide(local(0.9)).stopCause()).isEmpty(); // the window starts again after a stop
    }

    @Test
    void failed_repeatedServerFailures_stopTheLine_andEachPartGoesToReview() {
        LineDecider d = new LineDecider(new StopRules(Optional.empty(), 2, 0, false), Optional.empty());
        LineDecider.Verdict first = d.failed(new InferenceFailure("server unreachable"));
        assertThat(first.decision()).isEqualTo(Decision.REVIEW);
        assertThat(first.reason()).isEqualTo("no model answered: server unreachable");
        assertThat(first.stopCause()).isEmpty();
        assertThat(d.failed(new InferenceFailure("server unreachable")).stopCause()).contains("inference");
    }

    @Test
    void failed_cameraFailuresInterruptedByAGoodImage_doNotStop() {
        LineDecider d = new LineDecider(new StopRules(Optional.empty(), 0, 2, false), Optional.empty());
        InferenceFailure bad = new InferenceFailure(InferenceFailure.Kind.CAMERA, "unreadable image", null);
        assertThat(d.failed(bad).stopCause()).isEmpty();
        d.decide(local(0.1));
        assertThat(d.failed(bad).stopCause()).isEmpty();
        assertThat(d.failed(bad).stopCause()).contains("camera");
    }

    @Test
    void decide_remoteAnswer_keepsTheServersDecisionUnlessOverridden() {
        Answer remote = new Answer(0.55, "defect", "m", "3", DecisionPolicy.threshold(0.5), Optional.of(Decision.REVIEW),
                EdgeRecord.Via.REMOTE, "");
        assertThat(new LineDecider(StopRules.never(), Optional.empty()).decide(remote).decision()).isEqualTo(Decision.REVIEW);
        LineDecider strict = new LineDecider(StopRules.never(), Optional.of(p -> DecisionPolicy.threshold(0.7)));
        assertThat(strict.decide(remote).decision()).isEqualTo(Decision.PASS);
    }
}

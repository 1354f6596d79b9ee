package dev.loupe.core.decision;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectException;
import dev.loupe.core.project.ProjectFile;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionPolicyTest {

    static final DecisionPolicy MODEL = DecisionPolicy.threshold(0.5);

    static Project project(String decision) {
        return ProjectFile.parse(ProjectFile.template() + "\n" + decision, "loupe.yaml");
    }

    @Test
    void decide_thresholdOnly_passesBelowAndRejectsAtOrAbove() {
        assertThat(MODEL.decide(0.49)).isEqualTo(Decision.PASS);
        assertThat(MODEL.decide(0.5)).isEqualTo(Decision.REJECT);
    }

    @Test
    void decide_insideReviewBand_sendsToReview() {
        DecisionPolicy p = new DecisionPolicy(0.5, Optional.of(new ModelDescriptor.ReviewBand(0.3, 0.7)), Optional.empty());
        assertThat(p.decide(0.29)).isEqualTo(Decision.PASS);
        assertThat(p.decide(0.3)).isEqualTo(Decision.REVIEW);
        assertThat(p.decide(0.69)).isEqualTo(Decision.REVIEW);
        assertThat(p.decide(0.7)).isEqualTo(Decision.REJECT);
    }

    @Test
    void section_overridesTheModelsPolicyFieldByField() {
        DecisionPolicy p = DecisionSection.apply(project("""
                decision:
                  review_band: [0.4, 0.8]
                  stop_line: {rejects: 3, window: 10}
                """), MODEL);
        assertThat(p.threshold()).isEqualTo(0.5);
        assertThat(p.reviewBand()).contains(new ModelDescriptor.ReviewBand(0.4, 0.8));
        assertThat(p.stopLine()).contains(new DecisionPolicy.StopLineRule(3, 10));
    }

    @Test
    void section_absent_keepsTheModelsPolicy() {
        assertThat(DecisionSection.apply(project(""), MODEL)).isEqualTo(MODEL);
    }

    @Test
    void section_bandNotAroundThreshold_namesLineAndField() {
        String decision = "decision:\n  threshold: 0.9\n  review_band: [0.2, 0.4]\n";
        assertThatThrownBy(() -> DecisionSection.apply(project(decision), MODEL))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("decision.review_band: the review band [0.2, 0.4] must contain the threshold 0.9");
    }

    @Test
    void section_unknownFieldAndBadValues_areErrors() {
        assertThatThrownBy(() -> DecisionSection.apply(project("decision:\n  treshold: 0.5\n"), MODEL))
                .hasMessageContaining("decision.treshold: unknown field");
        assertThatThrownBy(() -> DecisionSection.apply(project("decision:\n  threshold: 1.5\n"), MODEL))
                .hasMessageContaining("decision.threshold: must be a number between 0 and 1");
        assertThatThrownBy(() -> DecisionSection.apply(project("decision:\n  stop_line: {rejects: 5, window: 3}\n"), MODEL))
                .hasMessageContaining("rejects (5) cannot exceed the window (3)");
    }

    @Test
    void stopLine_stopsWhenTheWindowHoldsEnoughRejects_andForgetsOldOnes() {
        StopLine line = new StopLine(new DecisionPolicy.StopLineRule(2, 3));
        assertThat(line.record(Decision.REJECT)).isFalse();
        assertThat(line.record(Decision.PASS)).isFalse();
        assertThat(line.record(Decision.PASS)).isFalse();
        assertThat(line.record(Decision.REJECT)).isFalse(); // the first reject left the window
        assertThat(line.record(Decision.REJECT)).isTrue();
        assertThat(line.record(Decision.REVIEW)).isTrue();
        assertThat(line.record(Decision.PASS)).isFalse();
    }
}

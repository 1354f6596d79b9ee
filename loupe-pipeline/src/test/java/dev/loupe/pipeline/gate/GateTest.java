package dev.loupe.pipeline.gate;

import dev.loupe.core.project.GateSection;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GateTest {
    private final Project project = ProjectFile.parse(ProjectFile.template()
            .replace("recall: 0.98", "recall: 0.9").replace("rule_based_recall: null", "rule_based_recall: 0.95"), "loupe.yaml");
    private final Gate gate = new Gate(GateSection.defaults(), project);

    private static Figures f(double auroc, double recall, double frr) {
        return new Figures(100, 30, auroc, auroc, recall, frr, 2.0);
    }

    private static Comparison.Side side(Figures original, Figures fresh, Figures all) {
        return new Comparison.Side(original, fresh, all);
    }

    @Test
    void decide_betterOnNewConditionsAndWithinTolerance_passes() {
        GateDecision d = gate.decide(new Comparison(side(f(0.99, 0.97, 0.01), f(0.9, 0.4, 0.01), f(0.95, 0.7, 0.01)),
                side(f(0.985, 0.965, 0.01), f(0.97, 0.95, 0.01), f(0.98, 0.96, 0.01))));
        assertThat(d).isInstanceOf(GateDecision.Passed.class);
        assertThat(d.checks()).hasSize(6).allMatch(c -> c.startsWith("pass: "));
    }

    @Test
    void decide_aMetricNeitherModelCanBeMeasuredOn_failsItsCheck_asOneOnlyTheChallengerLacks() {
        Figures noDefects = new Figures(100, 0, null, null, null, 0.01, 2.0);
        GateDecision d = gate.decide(new Comparison(side(noDefects, f(0.9, 0.4, 0.01), f(0.95, 0.7, 0.01)),
                side(noDefects, f(0.97, 0.95, 0.01), f(0.98, 0.96, 0.01))));
        assertThat(d).isInstanceOfSatisfying(GateDecision.Failed.class, fail -> assertThat(fail.reasons()).containsExactly(
                "auroc on the original test set: champion n/a, challenger n/a",
                "recall on the original test set: champion n/a, challenger n/a"));
        GateDecision firstFigures = gate.decide(new Comparison(side(noDefects, f(0.9, 0.4, 0.01), f(0.95, 0.7, 0.01)),
                side(f(0.985, 0.965, 0.01), f(0.97, 0.95, 0.01), f(0.98, 0.96, 0.01))));
        assertThat(firstFigures).isInstanceOf(GateDecision.Passed.class);
    }

    @Test
    void decide_regressionOnOriginalTestSet_failsNamingTheMetric() {
        GateDecision d = gate.decide(new Comparison(side(f(0.99, 0.97, 0.01), f(0.9, 0.4, 0.01), f(0.95, 0.7, 0.01)),
                side(f(0.95, 0.97, 0.01), f(0.97, 0.95, 0.01), f(0.98, 0.96, 0.01))));
        assertThat(d).isInstanceOfSatisfying(GateDecision.Failed.class, fail -> assertThat(fail.reasons())
                .singleElement().asString().startsWith("auroc on the original test set").contains("loss 0.0400, allowed 0.0100"));
    }

    @Test
    void decide_notBetterOnNewConditions_andBelowBaseline_fails() {
        GateDecision d = gate.decide(new Comparison(side(f(0.99, 0.97, 0.01), f(0.9, 0.9, 0.01), f(0.95, 0.93, 0.01)),
                side(f(0.99, 0.97, 0.01), f(0.9, 0.9, 0.01), f(0.95, 0.93, 0.01))));
        assertThat(d).isInstanceOfSatisfying(GateDecision.Failed.class, fail -> assertThat(fail.reasons()).hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("balanced accuracy on the 100 new-condition test images"))
                .anySatisfy(r -> assertThat(r).contains("rule-based baseline's 0.9500")));
    }

    @Test
    void decide_newConditionImagesAllOfOneClass_saysBalancedAccuracyCannotCompareAndWhatToDo() {
        Figures allGood = new Figures(8, 0, null, null, null, 0.0, 2.0);
        GateDecision d = gate.decide(new Comparison(new Comparison.Side(f(0.99, 0.97, 0.01), allGood, f(0.95, 0.97, 0.01)),
                new Comparison.Side(f(0.99, 0.97, 0.01), allGood, f(0.98, 0.97, 0.01))));
        assertThat(d).isInstanceOfSatisfying(GateDecision.Passed.class, pass -> assertThat(pass.checks()).contains(
                "new conditions: not checked: the 8 new-condition test images are all good parts, so balanced accuracy"
                        + " cannot compare the models; review more new-condition images of both classes (defects and good"
                        + " parts) and run again"));
    }
}

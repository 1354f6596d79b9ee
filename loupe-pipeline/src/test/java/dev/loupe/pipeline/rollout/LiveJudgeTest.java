package dev.loupe.pipeline.rollout;

import dev.loupe.core.project.GateSection;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.rollout.LiveFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveJudgeTest {
    private final Project project = ProjectFile.parse(ProjectFile.template(), "loupe.yaml");
    private final LiveJudge judge = new LiveJudge(RetrainingSection.defaults().rollout(), project, GateSection.defaults());

    private static LiveFigures.Arm arm(long requests, long failures, long labelled, long wrong) {
        return new LiveFigures.Arm(requests, failures, 0, labelled, wrong, 0, 0, 1_000_000);
    }

    @Test
    void judge_challengerErrorRateWellAboveChampions_isWorse() {
        LiveJudge.Verdict v = judge.judge(new LiveFigures("canary", arm(100, 0, 100, 5), arm(100, 0, 100, 12), 0, 0));
        assertThat(v.worse()).isTrue();
        assertThat(v.reasons()).singleElement().asString().contains("live error rate 0.120 vs the champion's 0.050");
    }

    @Test
    void judge_riseWithinTolerance_isNotWorse() {
        assertThat(judge.judge(new LiveFigures("canary", arm(100, 0, 100, 5), arm(100, 0, 100, 6), 0, 0)).worse()).isFalse();
    }

    @Test
    void judge_tooFewLabelled_comparesFailuresOnly() {
        assertThat(judge.judge(new LiveFigures("canary", arm(100, 0, 5, 0), arm(100, 0, 5, 5), 0, 0)).worse()).isFalse();
        LiveJudge.Verdict failing = judge.judge(new LiveFigures("canary", arm(100, 0, 0, 0), arm(100, 10, 0, 0), 0, 0));
        assertThat(failing.worse()).isTrue();
        assertThat(failing.reasons()).singleElement().asString().contains("failed on 10.0% of requests");
    }

    /** Labelled images: 25 defects and 75 good parts; {@code missed} defects passed, {@code falseRejects} good parts rejected. */
    private static LiveFigures.Arm judged(long missed, long falseRejects) {
        return new LiveFigures.Arm(100, 0, 25 - missed + falseRejects, 100, missed + falseRejects, 25, missed, 1_000_000);
    }

    @Test
    void judge_challengerThatCatchesDefectsAtMoreFalseRejects_isNotWorse_thoughItsPlainErrorRateIsHigher() {
        LiveFigures.Arm passesEverything = judged(25, 0); // error rate 0.25, balanced 0.50
        LiveFigures.Arm catchesDefects = judged(2, 30);   // error rate 0.32, balanced 0.24
        assertThat(catchesDefects.errorRate()).isGreaterThan(passesEverything.errorRate());
        assertThat(judge.judge(new LiveFigures("canary", passesEverything, catchesDefects, 0, 0)).worse()).isFalse();
        LiveJudge.Verdict reversed = judge.judge(new LiveFigures("canary", catchesDefects, passesEverything, 0, 0));
        assertThat(reversed.worse()).isTrue();
        assertThat(reversed.reasons()).singleElement().asString().contains("live balanced error rate 0.500 vs the champion's 0.240");
    }
}

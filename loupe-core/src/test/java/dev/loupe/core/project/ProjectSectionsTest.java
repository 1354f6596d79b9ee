package dev.loupe.core.project;

import dev.loupe.core.image.ImageStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectSectionsTest {

    private static Project with(String sections) {
        return ProjectFile.parse(ProjectFile.template() + "\n" + sections, "loupe.yaml");
    }

    private static int lineOf(String yaml, String text) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    @Test
    void template_commentedSections_uncommented_giveTheDefaults() {
        String uncommented = Pattern.compile("^# (decision:|monitoring:|retraining:|gate:|  .*)$", Pattern.MULTILINE)
                .matcher(ProjectFile.template()).replaceAll("$1");
        Project p = ProjectFile.parse(uncommented, "loupe.yaml");
        assertThat(p.section("retraining")).isPresent();
        assertThat(MonitoringSection.of(p)).isEqualTo(MonitoringSection.defaults());
        assertThat(GateSection.of(p)).isEqualTo(GateSection.defaults());
        RetrainingSection r = RetrainingSection.of(p);
        RetrainingSection d = RetrainingSection.defaults();
        assertThat(r.triggers().schedule()).hasValue(new RetrainingSection.Schedule.Every(Duration.ofDays(7)));
        assertThat(r.data()).isEqualTo(d.data());
        assertThat(r.rollout()).isEqualTo(d.rollout());
        assertThat(r.trainer()).isEqualTo(d.trainer());
        assertThat(r.maxAttempts()).isEqualTo(d.maxAttempts());
    }

    @Test
    void sections_absent_areTheDefaults() {
        Project p = ProjectFile.parse(ProjectFile.template(), "loupe.yaml");
        assertThat(MonitoringSection.of(p).imagesPerFalseAlarm()).isEqualTo(1e6);
        assertThat(MonitoringSection.of(p).statistics()).containsAll(ImageStats.NAMES);
        assertThat(GateSection.of(p).maxRegression()).isEqualTo(Map.of("auroc", 0.01, "recall", 0.01));
        assertThat(RetrainingSection.of(p)).isEqualTo(RetrainingSection.defaults());
    }

    @Test
    void monitoring_unknownStatistic_namesLineAndField() {
        String yaml = ProjectFile.template() + "\nmonitoring:\n  statistics: [brightness, glare]\n";
        assertThatThrownBy(() -> MonitoringSection.of(ProjectFile.parse(yaml, "loupe.yaml")))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("line " + lineOf(yaml, "statistics: [brightness, glare]"))
                .hasMessageContaining("monitoring.statistics").hasMessageContaining("glare");
    }

    @Test
    void monitoring_budgetBelowTen_isRejected() {
        assertThatThrownBy(() -> MonitoringSection.of(with("monitoring:\n  images_per_false_alarm: 5\n")))
                .hasMessageContaining("monitoring.images_per_false_alarm");
    }

    @Test
    void gate_regressionOfUnknownMetric_namesTheField() {
        String extra = "gate:\n  max_regression:\n    auroc: 0.02\n    f2: 0.1\n";
        String yaml = ProjectFile.template() + "\n" + extra;
        assertThatThrownBy(() -> GateSection.of(ProjectFile.parse(yaml, "loupe.yaml")))
                .hasMessageContaining("line " + lineOf(yaml, "f2: 0.1")).hasMessageContaining("gate.max_regression.f2");
    }

    @Test
    void gate_givenValues_replaceTheDefaults() {
        GateSection g = GateSection.of(with("gate:\n  max_regression: {auroc: 0.005}\n  targets: [recall]\n"
                + "  must_beat_champion_on_new_conditions: false\n"));
        assertThat(g.maxRegression()).isEqualTo(Map.of("auroc", 0.005));
        assertThat(g.targets()).containsExactly("recall");
        assertThat(g.mustBeatChampionOnNewConditions()).isFalse();
    }

    @Test
    void retraining_cronSchedule_isParsedAndComputesTheNextRun() {
        RetrainingSection r = RetrainingSection.of(with("retraining:\n  triggers:\n    schedule: \"0 3 * * 1\"\n"));
        Instant sunday = Instant.parse("2025-03-02T12:00:00Z");
        assertThat(r.triggers().schedule().orElseThrow().nextAfter(sunday)).isEqualTo(Instant.parse("2025-03-03T03:00:00Z"));
    }

    @Test
    void retraining_seed_takesWhatLoupeTrainTakes_aLong() {
        assertThat(RetrainingSection.of(with("retraining:\n  seed: 8589934592\n")).seed()).isEqualTo(8_589_934_592L);
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  seed: -1\n")))
                .hasMessageContaining("retraining.seed");
    }

    @Test
    void retraining_badSchedule_namesLineAndField() {
        String extra = "retraining:\n  triggers:\n    schedule: sometimes\n";
        String yaml = ProjectFile.template() + "\n" + extra;
        assertThatThrownBy(() -> RetrainingSection.of(ProjectFile.parse(yaml, "loupe.yaml")))
                .hasMessageContaining("line " + lineOf(yaml, "schedule: sometimes"))
                .hasMessageContaining("retraining.triggers.schedule");
    }

    @Test
    void retraining_splitNotSummingToOne_isRejected() {
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  data:\n    split: [0.5, 0.5, 0.5]\n")))
                .hasMessageContaining("retraining.data.split");
    }

    @Test
    void retraining_canaryShareOfOne_isRejected() {
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  rollout:\n    canary_share: 1\n")))
                .hasMessageContaining("retraining.rollout.canary_share");
    }

    @Test
    void retraining_timeoutNotLongerThanCanaryDuration_isRejected() {
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  rollout:\n    canary_duration: 2h\n    timeout: 1h\n")))
                .hasMessageContaining("retraining.rollout.timeout")
                .hasMessageContaining("must be longer than canary_duration (2h), got 1h");
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  rollout:\n    timeout: 10m\n")))
                .hasMessageContaining("canary_duration (30m)");
        assertThat(RetrainingSection.of(with("retraining:\n  rollout:\n    canary_duration: 1s\n    timeout: 1h\n"))
                .rollout().timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retraining_minNewLabelsZero_isRejected() {
        assertThatThrownBy(() -> RetrainingSection.of(with("retraining:\n  data:\n    min_new_labels: 0\n")))
                .hasMessageContaining("retraining.data.min_new_labels")
                .hasMessageContaining("from 1 to");
    }

    @Test
    void retraining_paramsAndTrainer_areRead() {
        RetrainingSection r = RetrainingSection.of(with("retraining:\n  trainer: baseline\n  params: {l2: 0.5, tile: 4}\n"
                + "  rollout: {canary_duration: 90s}\n"));
        assertThat(r.params()).isEqualTo(Map.of("l2", "0.5", "tile", "4"));
        assertThat(r.rollout().canaryDuration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void cron_stepsRangesAndWeekdays() {
        Cron c = Cron.parse("*/15 8-9 * * 1-5");
        assertThat(c.nextAfter(Instant.parse("2025-03-01T08:00:00Z"))) // a Saturday
                .isEqualTo(Instant.parse("2025-03-03T08:00:00Z"));
        assertThat(c.nextAfter(Instant.parse("2025-03-03T08:00:00Z"))).isEqualTo(Instant.parse("2025-03-03T08:15:00Z"));
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).hasMessageContaining("minute");
    }

    @Test
    void baselineRecorder_setsTheValueAndKeepsComments() {
        String out = BaselineRecorder.record(ProjectFile.template(), "rule_based_recall", 0.91234);
        Project p = ProjectFile.parse(out, "loupe.yaml");
        assertThat(p.baselines().ruleBasedRecall()).hasValue(0.9123);
        assertThat(p.baselines().humanLevelRecall()).isEmpty();
        assertThat(out.lines().count()).isEqualTo(ProjectFile.template().lines().count());
        assertThat(out).contains("# Figures to beat.");
    }

    @Test
    void baselineRecorder_withoutSection_addsIt() {
        String noBaselines = ProjectFile.template().replaceAll("(?m)^baselines:\\n(  .*\\n)+", "");
        assertThat(noBaselines).doesNotContain("human_level_recall: null");
        Project p = ProjectFile.parse(BaselineRecorder.record(noBaselines, "human_level_recall", 0.97), "loupe.yaml");
        assertThat(p.baselines().humanLevelRecall()).hasValue(0.97);
    }
}

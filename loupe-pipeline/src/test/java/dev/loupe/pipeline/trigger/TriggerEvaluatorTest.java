package dev.loupe.pipeline.trigger;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.pipeline.PipelineRun;
import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.project.Cron;
import dev.loupe.core.project.RetrainingSection.Schedule;
import dev.loupe.core.project.RetrainingSection.Triggers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class TriggerEvaluatorTest {
    private static final Instant CHAMPION = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant LAST_RUN = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-05T12:00:00Z");

    private static Triggers triggers(boolean drift, Integer labels, Schedule schedule) {
        return new Triggers(drift, labels == null ? OptionalInt.empty() : OptionalInt.of(labels),
                Optional.ofNullable(schedule), true);
    }

    private static TriggerSignals signals(Optional<Instant> lastRun, List<AlertState> alerts, int labels) {
        return new TriggerSignals("covers", 2, CHAMPION, lastRun, Optional.empty(), alerts, labels, 400);
    }

    private static AlertState alert(String rule, AlertState.Status status, Instant since) {
        return new AlertState(rule, status, since, 1, rule + ": " + status);
    }

    @Test
    void evaluate_alertFiringSinceTheLastRun_isDueAsDrift() {
        Instant fired = Instant.parse("2025-03-04T09:30:00Z");
        var decision = new TriggerEvaluator(triggers(true, null, null)).evaluate(
                signals(Optional.of(LAST_RUN), List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, fired)), 0),
                NOW);

        assertThat(decision).isEqualTo(new TriggerDecision.Due("drift",
                "drift alert drift(brightness) firing since 2025-03-04T09:30:00Z"));
    }

    @Test
    void evaluate_alertFiringSinceBeforeTheLastRun_isNotDue() {
        Instant fired = LAST_RUN.minusSeconds(60);
        var decision = new TriggerEvaluator(triggers(true, null, null)).evaluate(
                signals(Optional.of(LAST_RUN), List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, fired)), 0),
                NOW);

        assertThat(decision).isInstanceOf(TriggerDecision.NotDue.class);
        assertThat(decision.reason()).contains("no alert started firing since the last run");
    }

    @Test
    void evaluate_resolvedOrOtherModelsOrOtherVersionsAlert_isNotDue() {
        Instant t = LAST_RUN.plusSeconds(60);
        var decision = new TriggerEvaluator(triggers(true, null, null)).evaluate(signals(Optional.of(LAST_RUN), List.of(
                alert("covers/2: drift(brightness)", AlertState.Status.RESOLVED, t),
                alert("covers/2: drift(score)", AlertState.Status.PENDING, t),
                alert("coversX/2: drift(score)", AlertState.Status.FIRING, t),
                alert("covers/1: drift(score)", AlertState.Status.FIRING, t), // another version's: not the champion's
                alert("covers: drift(score)", AlertState.Status.FIRING, t), // named before alerts were per version
                alert("drift(score)", AlertState.Status.FIRING, t)), 0), NOW);

        assertThat(decision).isInstanceOf(TriggerDecision.NotDue.class);
    }

    @Test
    void evaluate_driftDisabled_firingAlertIsNotDue() {
        var decision = new TriggerEvaluator(triggers(false, 200, null)).evaluate(signals(Optional.of(LAST_RUN),
                List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, NOW)), 0), NOW);

        assertThat(decision).isEqualTo(new TriggerDecision.NotDue("0 new labels < 200 since the last run (" + LAST_RUN + ")"));
    }

    @Test
    void evaluate_enoughNewLabels_isDueWithTheCount() {
        var decision = new TriggerEvaluator(triggers(true, 200, null)).evaluate(signals(Optional.of(LAST_RUN), List.of(), 212), NOW);

        assertThat(decision).isEqualTo(new TriggerDecision.Due("new-labels", "212 new labels >= 200"));
    }

    @Test
    void evaluate_labelsAtTheCountCap_sayAtLeast() {
        var decision = new TriggerEvaluator(triggers(false, 200, null)).evaluate(signals(Optional.empty(), List.of(), 400), NOW);

        assertThat(decision.reason()).isEqualTo("400+ new labels >= 200");
    }

    @Test
    void evaluate_fewerLabels_isNotDue() {
        var decision = new TriggerEvaluator(triggers(false, 200, null)).evaluate(signals(Optional.empty(), List.of(), 199), NOW);

        assertThat(decision).isEqualTo(new TriggerDecision.NotDue("199 new labels < 200 (no run yet)"));
    }

    @Test
    void evaluate_scheduleInterval_dueFromTheLastRunStartNotBefore() {
        var evaluator = new TriggerEvaluator(triggers(false, null, new Schedule.Every(Duration.ofDays(3))));
        Instant due = LAST_RUN.plus(Duration.ofDays(3));

        assertThat(evaluator.evaluate(signals(Optional.of(LAST_RUN), List.of(), 0), due.minusSeconds(1)))
                .isEqualTo(new TriggerDecision.NotDue("schedule 3d: next run at 2025-03-05T00:00:00Z"));
        assertThat(evaluator.evaluate(signals(Optional.of(LAST_RUN), List.of(), 0), due))
                .isEqualTo(new TriggerDecision.Due("schedule", "schedule 3d: due since 2025-03-05T00:00:00Z"));
    }

    @Test
    void evaluate_scheduleBeforeAnyRun_countsFromTheChampionsRegistration() {
        var evaluator = new TriggerEvaluator(triggers(false, null, new Schedule.Every(Duration.ofHours(12))));

        assertThat(evaluator.evaluate(signals(Optional.empty(), List.of(), 0), CHAMPION.plus(Duration.ofHours(12))))
                .isEqualTo(new TriggerDecision.Due("schedule", "schedule 12h: due since 2025-03-01T12:00:00Z"));
    }

    @Test
    void evaluate_cronSchedule_dueAtTheNextMatchingMinute() {
        var evaluator = new TriggerEvaluator(triggers(false, null, new Schedule.CronSchedule(Cron.parse("0 3 * * *"))));

        assertThat(evaluator.evaluate(signals(Optional.of(LAST_RUN), List.of(), 0), Instant.parse("2025-03-02T02:59:00Z")))
                .isInstanceOf(TriggerDecision.NotDue.class);
        assertThat(evaluator.evaluate(signals(Optional.of(LAST_RUN), List.of(), 0), Instant.parse("2025-03-02T03:00:00Z")))
                .isEqualTo(new TriggerDecision.Due("schedule", "schedule '0 3 * * *': due since 2025-03-02T03:00:00Z"));
    }

    @Test
    void evaluate_activeRun_isNeverDue() {
        PipelineRun active = new PipelineRun("run-1", "covers", "manual", "", "ana", new PipelineState.Training(),
                LAST_RUN, LAST_RUN, Optional.of("host/1/a"), LAST_RUN.plusSeconds(60), false);
        TriggerSignals s = new TriggerSignals("covers", 2, CHAMPION, Optional.of(LAST_RUN), Optional.of(active),
                List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, NOW)), 400, 400);

        var decision = new TriggerEvaluator(triggers(true, 200, new Schedule.Every(Duration.ofMinutes(1)))).evaluate(s, NOW);

        assertThat(decision).isInstanceOf(TriggerDecision.NotDue.class);
        assertThat(decision.reason()).startsWith("run run-1 is active (TRAINING");
    }

    @Test
    void evaluate_severalDue_recordsDriftFirstAndListsTheOthers() {
        var decision = new TriggerEvaluator(triggers(true, 200, new Schedule.Every(Duration.ofDays(1)))).evaluate(
                signals(Optional.of(LAST_RUN), List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, NOW)), 250),
                NOW);

        assertThat(decision).isInstanceOf(TriggerDecision.Due.class);
        assertThat(((TriggerDecision.Due) decision).trigger()).isEqualTo("drift");
        assertThat(decision.reason()).isEqualTo("drift alert drift(brightness) firing since " + NOW
                + "; also 250 new labels >= 200; schedule 1d: due since 2025-03-03T00:00:00Z");
    }

    @Test
    void evaluate_noAutomaticTrigger_isNeverDue() {
        var decision = new TriggerEvaluator(triggers(false, null, null)).evaluate(signals(Optional.empty(),
                List.of(alert("covers/2: drift(brightness)", AlertState.Status.FIRING, NOW)), 400), NOW);

        assertThat(decision).isEqualTo(new TriggerDecision.NotDue("no automatic trigger is enabled (retraining.triggers)"));
    }
}

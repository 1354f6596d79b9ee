package dev.loupe.monitor.alert;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.AlertState.Status;
import dev.loupe.core.testing.TestClock;
import dev.loupe.monitor.watch.MemoryMonitoringRepository;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertEvaluatorTest {
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final MemoryMonitoringRepository repo = new MemoryMonitoringRepository();
    private final List<String> delivered = new ArrayList<>();
    private final AlertSink sink = (rule, state) -> delivered.add(rule.name() + ":" + state.status());
    private final AlertRule lowRecall = AlertRule.parse("low-recall", "estimated_recall < 0.95 for 10m");

    private static MetricSource recall(double v) {
        return MetricSource.of(Map.of("estimated_recall", v));
    }

    @Test
    void conditionHeldForTheDuration_goesPendingThenFiring_andNotifiesOnce() {
        AlertEvaluator e = new AlertEvaluator(List.of(lowRecall), repo, List.of(sink), clock);
        assertThat(e.evaluate(recall(0.90))).extracting(AlertState::status).containsExactly(Status.PENDING);
        clock.advance(Duration.ofMinutes(9));
        assertThat(e.evaluate(recall(0.91))).isEmpty();
        assertThat(delivered).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(e.evaluate(recall(0.91))).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(Status.FIRING);
            assertThat(s.since()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(s.value()).isEqualTo(0.91);
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(e.evaluate(recall(0.90))).isEmpty();
        assertThat(delivered).containsExactly("low-recall:FIRING");
    }

    @Test
    void blipShorterThanTheDuration_neverFires() {
        AlertEvaluator e = new AlertEvaluator(List.of(lowRecall), repo, List.of(sink), clock);
        e.evaluate(recall(0.90));
        clock.advance(Duration.ofMinutes(3));
        assertThat(e.evaluate(recall(0.99))).extracting(AlertState::status).containsExactly(Status.INACTIVE);
        clock.advance(Duration.ofMinutes(30));
        e.evaluate(recall(0.99));
        assertThat(delivered).isEmpty();
        assertThat(repo.alertHistory("low-recall", 10)).extracting(AlertState::status)
                .containsExactly(Status.INACTIVE, Status.PENDING);
    }

    @Test
    void firingThenRecovered_resolvesAndNotifies() {
        AlertEvaluator e = new AlertEvaluator(List.of(AlertRule.parse(null, "drift(brightness)")), repo, List.of(sink), clock);
        assertThat(e.evaluate(MetricSource.of(Map.of("drift(brightness)", 1.0))))
                .extracting(AlertState::status).containsExactly(Status.FIRING);
        clock.advance(Duration.ofHours(1));
        assertThat(e.evaluate(MetricSource.of(Map.of("drift(brightness)", 0.0))))
                .extracting(AlertState::status).containsExactly(Status.RESOLVED);
        assertThat(delivered).containsExactly("drift(brightness):FIRING", "drift(brightness):RESOLVED");
    }

    @Test
    void newEvaluator_resumesFromPersistedState() {
        AlertEvaluator first = new AlertEvaluator(List.of(lowRecall), repo, List.of(sink), clock);
        first.evaluate(recall(0.90));
        clock.advance(Duration.ofMinutes(10));
        AlertEvaluator restarted = new AlertEvaluator(List.of(lowRecall), repo, List.of(sink), clock);
        assertThat(restarted.evaluate(recall(0.90))).extracting(AlertState::status).containsExactly(Status.FIRING);
        assertThat(repo.alertStates()).singleElement().extracting(AlertState::status).isEqualTo(Status.FIRING);
    }

    @Test
    void missingMetric_doesNotHold() {
        AlertEvaluator e = new AlertEvaluator(List.of(lowRecall), repo, List.of(sink), clock);
        assertThat(e.evaluate(MetricSource.of(Map.of()))).isEmpty();
        assertThat(e.states()).singleElement().extracting(AlertState::status).isEqualTo(Status.INACTIVE);
        assertThat(repo.alertStates()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(Status.INACTIVE);
            assertThat(s.value()).isNaN();
        });
        assertThat(delivered).isEmpty();
    }

    @Test
    void firingRule_whoseMetricHasNoValueYet_keepsItsStateAndNotifiesNothing() {
        AlertRule drift = AlertRule.parse(null, "drift(brightness)");
        new AlertEvaluator(List.of(drift), repo, List.of(sink), clock).evaluate(MetricSource.of(Map.of("drift(brightness)", 1.0)));
        AlertState fired = repo.alertStates().getFirst();
        clock.advance(Duration.ofHours(2));
        AlertEvaluator restarted = new AlertEvaluator(List.of(drift), repo, List.of(sink), clock); // monitors start empty
        assertThat(restarted.evaluate(MetricSource.of(Map.of()))).isEmpty();
        assertThat(restarted.evaluate(MetricSource.of(Map.of("drift(brightness)", Double.NaN)))).isEmpty();
        assertThat(repo.alertStates()).containsExactly(fired);
        assertThat(restarted.states()).containsExactly(fired);
        assertThat(restarted.evaluate(MetricSource.of(Map.of("drift(brightness)", 0.0))))
                .extracting(AlertState::status).containsExactly(Status.RESOLVED); // a value again: it resolves
        assertThat(delivered).containsExactly("drift(brightness):FIRING", "drift(brightness):RESOLVED");
    }
}

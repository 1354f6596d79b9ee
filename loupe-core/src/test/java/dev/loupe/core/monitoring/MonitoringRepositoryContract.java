package dev.loupe.core.monitoring;

import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.loupe.core.monitoring.Predictions.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@link MonitoringRepository} contract, run against every metadata store adapter. */
public abstract class MonitoringRepositoryContract {

    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void reference_savedTwice_keepsTheNewest() {
        MonitoringRepository repo = store.monitoring();
        repo.saveReference(new StoredReference("m", "1", "parts@abcd", Predictions.blob('a'), 200, T0));
        repo.saveReference(new StoredReference("m", "2", "parts@abcd", Predictions.blob('b'), 300, T0.plusSeconds(5)));
        repo.saveReference(new StoredReference("m", "1", "parts@ef01", Predictions.blob('c'), 400, T0.plusSeconds(1)));
        assertThat(repo.reference("m", "1")).hasValueSatisfying(r -> {
            assertThat(r.blob()).isEqualTo(Predictions.blob('c'));
            assertThat(r.size()).isEqualTo(400);
            assertThat(r.dataset()).isEqualTo("parts@ef01");
        });
        assertThat(repo.latestReference("m")).map(StoredReference::version).contains("2");
        assertThat(repo.reference("m", "9")).isEmpty();
    }

    @Test
    void addAlarm_sameAlarmTwice_recordsItOnce() {
        DriftAlarm a = alarm("brightness", 10);
        assertThat(store.monitoring().addAlarm(a)).isTrue();
        assertThat(store.monitoring().addAlarm(a)).isFalse();
        assertThat(store.monitoring().addAlarm(alarm("score", 10))).isTrue();
        assertThat(store.monitoring().alarms("m", T0)).containsExactly(a, alarm("score", 10));
    }

    @Test
    void alarms_fromTime_areOldestFirst() {
        store.monitoring().addAlarm(alarm("brightness", 30));
        store.monitoring().addAlarm(alarm("brightness", 10));
        store.monitoring().addAlarm(alarm("brightness", 20));
        assertThat(store.monitoring().alarms("m", T0.plusSeconds(15)))
                .extracting(DriftAlarm::alarmRequestId).containsExactly("r20", "r30");
    }

    @Test
    void alertState_keepsCurrentAndHistory() {
        MonitoringRepository repo = store.monitoring();
        repo.saveAlertState(new AlertState("low-recall", AlertState.Status.PENDING, T0, 0.9, "pending"));
        repo.saveAlertState(new AlertState("low-recall", AlertState.Status.FIRING, T0.plusSeconds(600), 0.91, "firing"));
        repo.saveAlertState(new AlertState("dark", AlertState.Status.INACTIVE, T0, Double.NaN, "no data"));
        assertThat(repo.alertStates()).extracting(AlertState::rule, AlertState::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dark", AlertState.Status.INACTIVE),
                org.assertj.core.groups.Tuple.tuple("low-recall", AlertState.Status.FIRING));
        assertThat(repo.alertStates().getFirst().value()).isNaN();
        assertThat(repo.alertHistory("low-recall", 10)).extracting(AlertState::status)
                .containsExactly(AlertState.Status.FIRING, AlertState.Status.PENDING);
        assertThat(repo.alertHistory("low-recall", 10).getFirst().since()).isEqualTo(T0.plusSeconds(600));
    }

    private static DriftAlarm alarm(String monitor, int at) {
        Instant t = T0.plusSeconds(at);
        return new DriftAlarm("m", "1", monitor, "down", 12.5, 11.2, -1.3, t.minusSeconds(5), "r" + (at - 5), t, "r" + at, 6);
    }
}

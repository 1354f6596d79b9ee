package dev.loupe.core.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The monitoring stage's records in the metadata store: references per model version, drift alarms,
 * and alert rules' states with their history. Adapters are thread-safe.
 */
public interface MonitoringRepository {

    /** Saves (or replaces) the reference of a model version. */
    void saveReference(StoredReference reference);

    Optional<StoredReference> reference(String model, String version);

    /** The most recently built reference of any version of the model. */
    Optional<StoredReference> latestReference(String model);

    /**
     * Records an alarm; returns false when the same alarm (model, version, monitor, alarm request id) is
     * already recorded, so replaying a stream twice records nothing new.
     */
    boolean addAlarm(DriftAlarm alarm);

    /** A model's alarms raised at or after {@code from}, oldest first. */
    List<DriftAlarm> alarms(String model, Instant from);

    /** Saves a rule's current state and appends it to the rule's history. */
    void saveAlertState(AlertState state);

    /** Every rule's current state, by rule name. */
    List<AlertState> alertStates();

    /** A rule's states, newest first, at most {@code limit}. */
    List<AlertState> alertHistory(String rule, int limit);
}

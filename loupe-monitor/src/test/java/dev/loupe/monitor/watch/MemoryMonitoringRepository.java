package dev.loupe.monitor.watch;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.StoredReference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A monitoring repository in memory, for the monitor module's tests. Thread-safe. */
public final class MemoryMonitoringRepository implements MonitoringRepository {
    private final Map<String, StoredReference> references = new LinkedHashMap<>();
    private final List<DriftAlarm> alarms = new ArrayList<>();
    private final Map<String, AlertState> states = new TreeMap<>();
    private final List<AlertState> history = new ArrayList<>();

    @Override
    public synchronized void saveReference(StoredReference r) {
        references.put(r.model() + "\0" + r.version(), r);
    }

    @Override
    public synchronized Optional<StoredReference> reference(String model, String version) {
        return Optional.ofNullable(references.get(model + "\0" + version));
    }

    @Override
    public synchronized Optional<StoredReference> latestReference(String model) {
        return references.values().stream().filter(r -> r.model().equals(model))
                .max(Comparator.comparing(StoredReference::createdAt));
    }

    @Override
    public synchronized boolean addAlarm(DriftAlarm a) {
        boolean known = alarms.stream().anyMatch(b -> b.model().equals(a.model()) && b.version().equals(a.version())
                && b.monitor().equals(a.monitor()) && b.alarmRequestId().equals(a.alarmRequestId()));
        if (!known) {
            alarms.add(a);
        }
        return !known;
    }

    @Override
    public synchronized List<DriftAlarm> alarms(String model, Instant from) {
        return alarms.stream().filter(a -> a.model().equals(model) && !a.alarmTime().isBefore(from)).toList();
    }

    @Override
    public synchronized void saveAlertState(AlertState s) {
        states.put(s.rule(), s);
        history.add(s);
    }

    @Override
    public synchronized List<AlertState> alertStates() {
        return List.copyOf(states.values());
    }

    @Override
    public synchronized List<AlertState> alertHistory(String rule, int limit) {
        return history.reversed().stream().filter(s -> s.rule().equals(rule)).limit(limit).toList();
    }
}

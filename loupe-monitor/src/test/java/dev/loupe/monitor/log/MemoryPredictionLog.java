package dev.loupe.monitor.log;

import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A prediction log in a list, for the recorder's and monitors' tests. Thread-safe; {@link #batches} counts appends. */
public class MemoryPredictionLog implements PredictionLog {
    private final List<LoggedPrediction> rows = new ArrayList<>();
    private int batches;

    @Override
    public synchronized void append(List<LoggedPrediction> batch) {
        rows.addAll(batch);
        batches++;
        notifyAll();
    }

    public synchronized List<LoggedPrediction> all() {
        return List.copyOf(rows);
    }

    public synchronized int batches() {
        return batches;
    }

    /** Waits (without polling) until at least n predictions are written; false on timeout. */
    public synchronized boolean awaitSize(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (rows.size() < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @Override
    public synchronized List<LoggedPrediction> query(PredictionQuery q) {
        return rows.stream()
                .filter(p -> p.model().equals(q.model()) && q.version().map(p.version()::equals).orElse(true)
                        && !p.time().isBefore(q.from()) && p.time().isBefore(q.to()))
                .sorted(Comparator.comparing(LoggedPrediction::time)).limit(q.limit()).toList();
    }

    @Override
    public synchronized Optional<LoggedPrediction> byRequestId(String requestId) {
        return rows.stream().filter(p -> p.requestId().equals(requestId)).reduce((a, b) -> b);
    }

    @Override
    public synchronized long count(String model, Instant from, Instant to) {
        return rows.stream().filter(p -> p.model().equals(model) && !p.time().isBefore(from) && p.time().isBefore(to)).count();
    }

    @Override
    public synchronized long deleteOlderThan(Instant cutoff) {
        int before = rows.size();
        rows.removeIf(p -> p.time().isBefore(cutoff));
        return before - rows.size();
    }

    @Override
    public synchronized Optional<Instant> oldest() {
        return rows.stream().map(LoggedPrediction::time).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized Set<BlobId> imagesBefore(Instant cutoff) {
        Set<BlobId> images = new HashSet<>();
        rows.stream().filter(p -> p.time().isBefore(cutoff)).forEach(p -> p.image().ifPresent(images::add));
        return images;
    }
}

package dev.loupe.monitor.watch;

import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.MonitoringRepository;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a model version's logged predictions through a {@link ModelMonitor} in stream order, page by
 * page, and records the alarms (recording is idempotent: replaying the same stream twice records each
 * alarm once). What {@code loupe monitor status} runs; the server's live path feeds the monitor from
 * the recorder's listener instead.
 */
public final class LogReplay {
    private static final int PAGE = 10_000;

    private LogReplay() {
    }

    /** What a replay saw. */
    public record Result(long predictions, List<DriftAlarm> alarms, Optional<Instant> first, Optional<Instant> last) {
    }

    /**
     * @param every called with each prediction after the monitor saw it (for reports); may do nothing
     */
    public static Result run(PredictionLog log, MonitoringRepository repository, ModelMonitor monitor, Instant from,
                             Consumer<LoggedPrediction> every) {
        String model = monitor.reference().model();
        String version = monitor.reference().version();
        List<DriftAlarm> alarms = new ArrayList<>();
        long seen = 0;
        Instant cursor = from;
        Instant first = null, last = null;
        int skipAtCursor = 0; // predictions at exactly `cursor` already fed (pages split within a millisecond)
        while (true) {
            List<LoggedPrediction> page = log.query(PredictionQuery.since(model, cursor, PAGE + skipAtCursor).withVersion(version));
            List<LoggedPrediction> fresh = page.subList(Math.min(skipAtCursor, page.size()), page.size());
            for (LoggedPrediction p : fresh) {
                for (DriftAlarm a : monitor.observe(p)) {
                    repository.addAlarm(a);
                    alarms.add(a);
                }
                every.accept(p);
                if (first == null) {
                    first = p.time();
                }
                last = p.time();
                seen++;
            }
            if (page.size() < PAGE + skipAtCursor) {
                break;
            }
            Instant end = page.getLast().time();
            int atEnd = 0;
            for (LoggedPrediction p : page) {
                atEnd += p.time().equals(end) ? 1 : 0;
            }
            skipAtCursor = atEnd;
            cursor = end;
        }
        return new Result(seen, alarms, Optional.ofNullable(first), Optional.ofNullable(last));
    }
}

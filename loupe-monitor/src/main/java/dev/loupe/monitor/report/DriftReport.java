package dev.loupe.monitor.report;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.monitor.reference.Reference;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Explains alarms with the logged predictions around them: size in the statistic's units, worst examples. */
public final class DriftReport {
    private static final int SCAN_LIMIT = 100_000;

    private DriftReport() {
    }

    /**
     * @param worst how many extreme examples to pick per alarm
     */
    public static DriftFinding explain(DriftAlarm alarm, Reference reference, PredictionLog log, int worst) {
        Optional<ToDoubleFunction<LoggedPrediction>> value = valueOf(alarm.monitor());
        if (value.isEmpty()) {
            return new DriftFinding(alarm, Double.NaN, alarm.effectSize(), List.of());
        }
        ToDoubleFunction<LoggedPrediction> f = value.get();
        boolean imageStatistic = !alarm.monitor().equals("score");
        List<LoggedPrediction> since = log.query(new PredictionQuery(alarm.model(), Optional.of(alarm.version()),
                alarm.startTime(), alarm.alarmTime().plusMillis(1), SCAN_LIMIT)).stream()
                .filter(p -> !imageStatistic || p.stats().isPresent()).toList();
        double[] current = since.stream().mapToDouble(f).toArray();
        double[] ref = alarm.monitor().equals("score") ? reference.scores() : reference.statistics().get(alarm.monitor());
        Comparator<LoggedPrediction> extreme = Comparator.comparingDouble(f);
        if (alarm.direction().equals("up")) {
            extreme = extreme.reversed();
        }
        List<LoggedPrediction> examples = since.stream().filter(p -> p.image().isPresent()).sorted(extreme).limit(worst).toList();
        return new DriftFinding(alarm, ref == null ? Double.NaN : median(ref), median(current), examples);
    }

    private static Optional<ToDoubleFunction<LoggedPrediction>> valueOf(String monitor) {
        if (monitor.equals("score")) {
            return Optional.of(LoggedPrediction::score);
        }
        if (ImageStats.NAMES.contains(monitor)) {
            return Optional.of(p -> p.stats().orElseThrow().get(monitor));
        }
        return Optional.empty();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

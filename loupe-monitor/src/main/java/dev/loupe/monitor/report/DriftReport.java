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

/**
 * Explains alarms with the logged predictions around them: size in the statistic's units, worst examples.
 * NaN values have no place in a median or an ordering: they are left out of both (the {@code missing}
 * detector reports them; its examples are the predictions with a NaN value).
 */
public final class DriftReport {
    private static final int SCAN_LIMIT = 100_000;

    private DriftReport() {
    }

    /**
     * @param worst how many extreme examples to pick per alarm
     */
    public static DriftFinding explain(DriftAlarm alarm, Reference reference, PredictionLog log, int worst) {
        if (alarm.monitor().equals("missing")) {
            List<LoggedPrediction> withNaN = since(alarm, log, false).stream()
                    .filter(p -> p.image().isPresent() && !missingValues(p).isEmpty()).limit(worst).toList();
            return new DriftFinding(alarm, Double.NaN, alarm.effectSize(), withNaN);
        }
        Optional<ToDoubleFunction<LoggedPrediction>> value = valueOf(alarm.monitor());
        if (value.isEmpty()) {
            return new DriftFinding(alarm, Double.NaN, alarm.effectSize(), List.of());
        }
        ToDoubleFunction<LoggedPrediction> f = value.get();
        boolean imageStatistic = !alarm.monitor().equals("score");
        List<LoggedPrediction> since = since(alarm, log, imageStatistic).stream()
                .filter(p -> !Double.isNaN(f.applyAsDouble(p))).toList();
        double[] current = since.stream().mapToDouble(f).toArray();
        double[] ref = alarm.monitor().equals("score") ? reference.scores() : reference.statistics().get(alarm.monitor());
        Comparator<LoggedPrediction> extreme = Comparator.comparingDouble(f);
        if (alarm.direction().equals("up")) {
            extreme = extreme.reversed();
        }
        List<LoggedPrediction> examples = since.stream().filter(p -> p.image().isPresent()).sorted(extreme).limit(worst).toList();
        return new DriftFinding(alarm, ref == null ? Double.NaN : median(Arrays.stream(ref).filter(v -> !Double.isNaN(v)).toArray()),
                median(current), examples);
    }

    private static List<LoggedPrediction> since(DriftAlarm alarm, PredictionLog log, boolean withStats) {
        return log.query(new PredictionQuery(alarm.model(), Optional.of(alarm.version()),
                alarm.startTime(), alarm.alarmTime().plusMillis(1), SCAN_LIMIT)).stream()
                .filter(p -> !withStats || p.stats().isPresent()).toList();
    }

    /** The names of a prediction's values that are NaN: image statistics, then {@code score}. */
    public static List<String> missingValues(LoggedPrediction p) {
        List<String> names = new java.util.ArrayList<>();
        p.stats().ifPresent(s -> ImageStats.NAMES.stream().filter(n -> Double.isNaN(s.get(n))).forEach(names::add));
        if (Double.isNaN(p.score())) {
            names.add("score");
        }
        return names;
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

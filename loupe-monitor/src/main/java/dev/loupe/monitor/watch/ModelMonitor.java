package dev.loupe.monitor.watch;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.drift.BernoulliCusum;
import dev.loupe.monitor.drift.DriftVerdict;
import dev.loupe.monitor.drift.StatisticMonitor;
import dev.loupe.monitor.embedding.EmbeddingMonitor;
import dev.loupe.monitor.reference.Reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches one model version's prediction stream against its {@link Reference}:
 * <ul>
 *   <li>one {@link StatisticMonitor} per image statistic (input drift: the lamp dims, the lens blurs, a
 *       new colour arrives). A statistic that is constant in the reference (saturation of grayscale
 *       images) cannot be monitored this way and is skipped;</li>
 *   <li>one on the score (black-box shift detection: the model's output distribution moved, whatever
 *       the cause, Lipton et al. 2018);</li>
 *   <li>a {@link BernoulliCusum} on the share of predicted positives, p₀ from the reference and
 *       p₁ = max(2 p₀, p₀ + {@code minShareIncrease}): more rejects than the line usually has;</li>
 *   <li>when the reference holds the model's embeddings, an {@link EmbeddingMonitor} (windowed MMD) on the
 *       embedding of every prediction that carries one: any change the model's features see, named or not.
 *       Predictions without an embedding (or of another length) are not fed to it;</li>
 *   <li>a {@link BernoulliCusum} ({@code missing}) on the share of predictions with a NaN among their values
 *       (an image statistic, the score, the embedding), p₀ the reference's share (at least half a value in
 *       it), p₁ as for the defect share.</li>
 * </ul>
 * A NaN is not a value of any distribution: the detector of that value skips it (read as a number it
 * would rank below every reference value, a drift downward) and counts it ({@link DetectorState#missing()});
 * the {@code missing} detector alarms when NaNs become more frequent than in the reference. A prediction
 * without an image (no statistics at all) has no missing values: its statistics were never asked for.
 * Every detector is calibrated to the same false-alarm budget. A CUSUM restarts after an alarm, so a
 * lasting drift re-alarms every few predictions; those repeats (same detector, same direction, within
 * {@code episodeGap} predictions of its previous alarm) belong to one drift episode and are counted but
 * not reported again: the episode's first alarm says since when. Alarms come back as {@link DriftAlarm}s
 * whose estimated start is mapped from a stream index to the prediction's time and request id (the
 * last 65,536 predictions are remembered for that; an older start is reported as the oldest remembered).
 *
 * <p>Not thread-safe: feed it from one thread, in stream order (the recorder's listener, a replay).
 */
public final class ModelMonitor {
    private static final int REMEMBERED = 1 << 16;

    private final Reference reference;
    private final Map<String, StatisticMonitor> statistics = new LinkedHashMap<>();
    private final StatisticMonitor score;
    private final BernoulliCusum share;
    private final EmbeddingMonitor embedding;
    private final BernoulliCusum missing;
    private long shareSkipped;
    private long embeddingSkipped;
    private long withMissing;
    private final Map<String, long[]> alarmCounts = new LinkedHashMap<>();
    private final Map<String, DriftAlarm> lastAlarms = new LinkedHashMap<>();
    private final Map<String, long[]> lastAlarmIndex = new LinkedHashMap<>();
    private final int episodeGap;
    private final Instant[] times = new Instant[REMEMBERED];
    private final String[] requestIds = new String[REMEMBERED];
    private final long[] imageToStream = new long[REMEMBERED];
    private long next;
    private long images;

    public ModelMonitor(Reference reference, MonitorConfig config) {
        this.reference = reference;
        this.episodeGap = config.episodeGap();
        for (String name : ImageStats.NAMES) {
            double[] values = reference.statistics().get(name);
            if (values != null && varies(finite(values))) {
                statistics.put(name, new StatisticMonitor(name, values, config.shiftSigma(), config.imagesPerFalseAlarm()));
            }
        }
        double[] scores = finite(reference.scores());
        this.score = varies(scores)
                ? new StatisticMonitor("score", reference.scores(), config.shiftSigma(), config.imagesPerFalseAlarm()) : null;
        double p0 = reference.predictedPositiveShare();
        // The share monitor watches for more parts called defective. When the reference already calls
        // nearly all of them defective there is no room above to detect, and clamping p0 below the real
        // share would alarm on the first frames: no share monitor then.
        if (scores.length >= 20 && p0 < 0.9) {
            p0 = Math.max(p0, 0.5 / (scores.length + 1)); // a share never seen is still possible
            double p1 = Math.min(0.99, Math.max(2 * p0, p0 + config.minShareIncrease()));
            this.share = new BernoulliCusum("defect-share", p0, p1, config.imagesPerFalseAlarm());
        } else {
            this.share = null;
        }
        this.embedding = reference.embedding()
                .filter(e -> e.size() - e.fitted() >= 2 * EmbeddingMonitor.WINDOW) // saved before MIN_SIZE was 400: none
                .map(e -> EmbeddingMonitor.calibrated(e, config.imagesPerFalseAlarm()))
                .orElse(null);
        double m0 = missingShare(reference);
        if (m0 < 0.9 && (!statistics.isEmpty() || score != null)) {
            m0 = Math.max(m0, 0.5 / (Math.max(reference.size(), reference.scores().length) + 1)); // as for the share
            this.missing = new BernoulliCusum("missing", m0, Math.min(0.99, Math.max(2 * m0, m0 + config.minShareIncrease())),
                    config.imagesPerFalseAlarm());
        } else {
            this.missing = null;
        }
        for (String m : monitors()) {
            alarmCounts.put(m, new long[1]);
        }
    }

    private static boolean varies(double[] values) {
        return values.length >= 20 && Arrays.stream(values).min().getAsDouble() < Arrays.stream(values).max().getAsDouble();
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The larger of the reference's shares of images with a NaN statistic and of NaN scores. */
    private static double missingShare(Reference reference) {
        int images = reference.size();
        int nanImages = 0;
        for (int i = 0; i < images; i++) {
            for (double[] column : reference.statistics().values()) {
                if (i < column.length && Double.isNaN(column[i])) {
                    nanImages++;
                    break;
                }
            }
        }
        double[] scores = reference.scores();
        long nanScores = Arrays.stream(scores).filter(Double::isNaN).count();
        return Math.max(images == 0 ? 0 : (double) nanImages / images, scores.length == 0 ? 0 : (double) nanScores / scores.length);
    }

    /** The names of the detectors, in report order. */
    public List<String> monitors() {
        List<String> names = new ArrayList<>(statistics.keySet());
        if (score != null) {
            names.add("score");
        }
        if (share != null) {
            names.add("defect-share");
        }
        if (embedding != null) {
            names.add("embedding");
        }
        if (missing != null) {
            names.add("missing");
        }
        return names;
    }

    public Reference reference() {
        return reference;
    }

    /** Feeds one prediction; returns the alarms it raised (usually none). */
    public List<DriftAlarm> observe(LoggedPrediction p) {
        long index = next++;
        int slot = (int) (index % REMEMBERED);
        times[slot] = p.time();
        requestIds[slot] = p.requestId();
        List<DriftAlarm> alarms = new ArrayList<>(0);
        boolean nan = Double.isNaN(p.score());
        if (p.stats().isPresent()) { // a V2 request with a preprocessed tensor has no image to measure
            ImageStats stats = p.stats().get();
            long image = images++;
            imageToStream[(int) (image % REMEMBERED)] = index;
            for (Map.Entry<String, StatisticMonitor> e : statistics.entrySet()) {
                collect(e.getValue().observe(stats.get(e.getKey()), image), image, true, alarms); // skips a NaN
            }
            for (double v : stats.toArray()) {
                nan |= Double.isNaN(v);
            }
        }
        if (score != null) {
            collect(score.observe(p.score(), index), index, false, alarms); // skips a NaN
        }
        if (share != null) {
            if (Double.isNaN(p.score())) {
                shareSkipped++; // neither a defect nor a good part: no decision to count
            } else { // stream indices, as the score's
                collect(share.observe(p.score() >= reference.threshold(), index), index, false, alarms);
            }
        }
        if (embedding != null && p.embedding().isPresent()
                && p.embedding().get().length == reference.embedding().orElseThrow().features()) {
            if (finite(p.embedding().get())) {
                collect(embedding.observe(p.embedding().get(), index), index, false, alarms); // told the stream index
            } else {
                embeddingSkipped++;
                nan = true;
            }
        }
        if (missing != null) {
            withMissing += nan ? 1 : 0;
            collect(missing.observe(nan, index), index, false, alarms);
        }
        return alarms;
    }

    private static boolean finite(float[] embedding) {
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param index    the detector's own index of the observation just fed
     * @param imageOnly the detector sees only predictions with image statistics: its indices count those, and
     *                  are mapped to stream indices through {@link #imageToStream}
     */
    private void collect(DriftVerdict verdict, long index, boolean imageOnly, List<DriftAlarm> out) {
        if (verdict instanceof DriftVerdict.Drift d) {
            long ownStart = Math.max(d.estimatedStart(), Math.max(0, index - REMEMBERED + 1));
            long start = imageOnly ? Math.max(imageToStream[(int) (ownStart % REMEMBERED)], next - REMEMBERED) : ownStart;
            long alarmAt = imageOnly ? imageToStream[(int) (d.alarmAt() % REMEMBERED)] : d.alarmAt();
            int s = (int) (start % REMEMBERED);
            int a = (int) (alarmAt % REMEMBERED);
            DriftAlarm alarm = new DriftAlarm(reference.model(), reference.version(), d.monitor(), d.direction(),
                    d.statistic(), d.threshold(), d.effectSize(), times[s], requestIds[s], times[a], requestIds[a],
                    d.alarmAt() - ownStart + 1);
            alarmCounts.get(d.monitor())[0]++;
            DriftAlarm previous = lastAlarms.get(d.monitor());
            long[] previousAt = lastAlarmIndex.computeIfAbsent(d.monitor(), k -> new long[]{Long.MIN_VALUE / 2});
            boolean sameEpisode = previous != null && previous.direction().equals(d.direction())
                    && d.alarmAt() - previousAt[0] <= episodeGap;
            previousAt[0] = d.alarmAt();
            lastAlarms.put(d.monitor(), alarm);
            if (!sameEpisode) {
                out.add(alarm);
            }
        }
    }

    /** Every detector's state now. */
    public List<DetectorState> detectors() {
        List<DetectorState> out = new ArrayList<>();
        for (Map.Entry<String, StatisticMonitor> e : statistics.entrySet()) {
            out.add(state(e.getKey(), e.getValue().statistic(), e.getValue().threshold(), e.getValue().missing()));
        }
        if (score != null) {
            out.add(state("score", score.statistic(), score.threshold(), score.missing()));
        }
        if (share != null) {
            out.add(state("defect-share", share.statistic(), share.threshold(), shareSkipped));
        }
        if (embedding != null) {
            out.add(state("embedding", embedding.statistic(), embedding.threshold(), embeddingSkipped));
        }
        if (missing != null) {
            out.add(state("missing", missing.statistic(), missing.threshold(), withMissing));
        }
        return out;
    }

    private DetectorState state(String name, double statistic, double threshold, long missing) {
        return new DetectorState(name, statistic, threshold, next, missing, alarmCounts.get(name)[0],
                Optional.ofNullable(lastAlarms.get(name)));
    }

    /** Predictions observed. */
    public long observed() {
        return next;
    }
}

package dev.loupe.monitor.watch;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.log.MemoryPredictionLog;
import dev.loupe.monitor.reference.Reference;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

public class ModelMonitorTest {

    public static Reference stableReference(int n) {
        SplittableRandom rnd = new SplittableRandom(99);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = LineStreams.score(rnd);
        }
        return Reference.ofStats("defect-cnn", "3", "stable", "defect", 0.5, LineStreams.stable(n, 7), scores,
                new boolean[0], LineStreams.T0.minusSeconds(86_400));
    }

    @Test
    void dimmingLamp_raisesBrightnessAlarm_startingNearTheOnset() {
        int n = 4_000;
        int onset = (int) Math.floor(0.3 * n);
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        MemoryPredictionLog log = new MemoryPredictionLog();
        log.append(LineStreams.dimmingPredictions("defect-cnn", "3", n, 11));
        MemoryMonitoringRepository repo = new MemoryMonitoringRepository();

        LogReplay.Result result = LogReplay.run(log, repo, monitor, Instant.EPOCH, p -> {
        });

        assertThat(result.predictions()).isEqualTo(n);
        DriftAlarm brightness = repo.alarms("defect-cnn", Instant.EPOCH).stream()
                .filter(a -> a.monitor().equals("brightness")).findFirst().orElseThrow();
        long start = brightness.startTime().getEpochSecond() - LineStreams.T0.getEpochSecond();
        long alarm = brightness.alarmTime().getEpochSecond() - LineStreams.T0.getEpochSecond();
        assertThat(brightness.direction()).isEqualTo("down");
        // a ramp reaches 1σ of brightness ~140 frames after the onset; the CUSUM sees it well before that
        assertThat(alarm).isBetween((long) onset, onset + 200L);
        assertThat(start).isBetween(onset - 50L, onset + 120L);
        assertThat(brightness.startRequestId()).isEqualTo("req-" + start);
        assertThat(brightness.effectSize()).isLessThan(0);
        assertThat(brightness.observations()).isEqualTo(alarm - start + 1);
        // the lamp stays dim: the CUSUM re-alarms again and again, reported as one episode
        assertThat(repo.alarms("defect-cnn", Instant.EPOCH).stream().filter(a -> a.monitor().equals("brightness"))).hasSize(1);
        assertThat(monitor.detectors().getFirst().alarms()).isGreaterThan(10);
        // scores and sharpness did not move: no alarm on them before the end of the stream
        assertThat(repo.alarms("defect-cnn", Instant.EPOCH)).extracting(DriftAlarm::monitor)
                .doesNotContain("sharpness", "score", "defect-share", "saturation");
    }

    @Test
    void predictionsWithoutImageStatistics_areSkippedByStatisticDetectors_andStartsStillNameTheRightPrediction() {
        int n = 4_000;
        int onset = (int) Math.floor(0.3 * n);
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        List<DriftAlarm> alarms = new ArrayList<>();
        List<LoggedPrediction> stream = LineStreams.dimmingPredictions("defect-cnn", "3", n, 11);
        for (int i = 0; i < n; i++) {
            LoggedPrediction p = stream.get(i);
            alarms.addAll(monitor.observe(i % 3 == 1 ? dev.loupe.core.monitoring.Predictions.withoutStats(p) : p)); // a V2 tensor client
        }

        DriftAlarm brightness = alarms.stream().filter(a -> a.monitor().equals("brightness")).findFirst().orElseThrow();
        long start = brightness.startTime().getEpochSecond() - LineStreams.T0.getEpochSecond();
        long alarm = brightness.alarmTime().getEpochSecond() - LineStreams.T0.getEpochSecond();
        assertThat(start).isBetween(onset - 75L, onset + 180L);
        assertThat(alarm).isBetween((long) onset, onset + 300L);
        assertThat(brightness.startRequestId()).isEqualTo("req-" + start);
        assertThat(brightness.alarmRequestId()).isEqualTo("req-" + alarm);
        assertThat(start % 3).as("a prediction with statistics").isNotEqualTo(1);
        assertThat(alarm % 3).isNotEqualTo(1);
        assertThat(monitor.observed()).isEqualTo(n);
    }

    @Test
    void stableLine_raisesNoAlarm_andDetectorsStayBelowThreshold() {
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        SplittableRandom rnd = new SplittableRandom(5);
        List<DriftAlarm> alarms = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double s = LineStreams.score(rnd);
            alarms.addAll(monitor.observe(new LoggedPrediction(LineStreams.T0.plusSeconds(i), "defect-cnn", "3", "",
                    "r" + i, LineStreams.frame(rnd, 1.0), s, s >= 0.5 ? "defect" : "good",
                    dev.loupe.core.decision.Decision.PASS, 1, java.util.Optional.empty())));
        }
        assertThat(alarms).isEmpty();
        assertThat(monitor.detectors()).extracting(DetectorState::monitor)
                .containsExactlyElementsOf(monitor.monitors())
                .contains("brightness", "score", "defect-share");
        assertThat(monitor.detectors()).allSatisfy(d -> {
            assertThat(d.statistic()).isLessThan(d.threshold());
            assertThat(d.observed()).isEqualTo(20_000);
        });
    }

    @Test
    void nanScoresAndStatistics_raiseTheMissingAlarm_andNoDriftDownward() {
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        SplittableRandom rnd = new SplittableRandom(5);
        List<DriftAlarm> alarms = new ArrayList<>();
        int nans = 0;
        for (int i = 0; i < 4_000; i++) {
            boolean nan = i >= 1_000 && i % 4 == 0; // from the 1,000th on, every 4th: the model answers NaN, contrast undefined
            double s = nan ? Double.NaN : LineStreams.score(rnd);
            ImageStats f = LineStreams.frame(rnd, 1.0);
            ImageStats stats = nan ? new ImageStats(f.brightness(), Double.NaN, f.sharpness(), f.red(), f.green(), f.blue(),
                    f.saturation()) : f;
            nans += nan ? 1 : 0;
            alarms.addAll(monitor.observe(new LoggedPrediction(LineStreams.T0.plusSeconds(i), "defect-cnn", "3", "",
                    "r" + i, stats, s, s >= 0.5 ? "defect" : "good", dev.loupe.core.decision.Decision.PASS, 1,
                    java.util.Optional.empty())));
        }
        assertThat(alarms).extracting(DriftAlarm::monitor).containsExactly("missing");
        DriftAlarm missing = alarms.getFirst();
        assertThat(missing.direction()).isEqualTo("up");
        assertThat(missing.startTime()).isBetween(LineStreams.T0.plusSeconds(990), LineStreams.T0.plusSeconds(1_100));
        assertThat(missing.effectSize()).isGreaterThan(0.1); // the share of predictions with a NaN since the start
        java.util.Map<String, DetectorState> byName = new java.util.HashMap<>();
        monitor.detectors().forEach(d -> byName.put(d.monitor(), d));
        assertThat(byName.get("score").missing()).isEqualTo(nans);
        assertThat(byName.get("contrast").missing()).isEqualTo(nans);
        assertThat(byName.get("defect-share").missing()).isEqualTo(nans);
        assertThat(byName.get("missing").missing()).isEqualTo(nans);
        assertThat(byName.get("brightness").missing()).isZero();
        assertThat(byName.get("score").statistic()).isLessThan(byName.get("score").threshold());
    }

    @Test
    void stableLine_hasAMissingDetector_thatStaysQuiet() {
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        assertThat(monitor.monitors()).endsWith("missing");
    }

    @Test
    void defectSurge_raisesDefectShareAlarm() {
        ModelMonitor monitor = new ModelMonitor(stableReference(2_000), MonitorConfig.defaults());
        SplittableRandom rnd = new SplittableRandom(8);
        List<DriftAlarm> alarms = new ArrayList<>();
        for (int i = 0; i < 3_000 && alarms.stream().noneMatch(a -> a.monitor().equals("defect-share")); i++) {
            boolean defect = rnd.nextDouble() < (i < 1_000 ? 0.05 : 0.15);
            double s = LineStreams.clamp((defect ? 0.85 : 0.1) + 0.08 * LineStreams.gauss(rnd));
            alarms.addAll(monitor.observe(new LoggedPrediction(LineStreams.T0.plusSeconds(i), "defect-cnn", "3", "",
                    "r" + i, LineStreams.frame(rnd, 1.0), s, s >= 0.5 ? "defect" : "good",
                    dev.loupe.core.decision.Decision.PASS, 1, java.util.Optional.empty())));
        }
        DriftAlarm share = alarms.stream().filter(a -> a.monitor().equals("defect-share")).findFirst().orElseThrow();
        assertThat(share.effectSize()).isGreaterThan(0.08); // the estimated share since the start
        assertThat(share.startTime()).isAfter(LineStreams.T0.plusSeconds(800));
    }

    @Test
    void constantStatistic_isSkipped_notAnError() {
        List<ImageStats> gray = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            double b = 0.5 + 0.02 * LineStreams.gauss(rnd);
            gray.add(new ImageStats(b, 0.1 + 0.01 * LineStreams.gauss(rnd), 0.02 + 0.001 * LineStreams.gauss(rnd), b, b, b, 0));
        }
        Reference r = Reference.ofStats("m", "1", "gray", "defect", 0.5, gray, new double[0], new boolean[0], Instant.EPOCH);
        ModelMonitor monitor = new ModelMonitor(r, MonitorConfig.defaults());
        assertThat(monitor.monitors()).doesNotContain("saturation", "score", "defect-share").contains("brightness", "red");
    }
}

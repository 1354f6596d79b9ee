package dev.loupe.monitor.watch;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedPrediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Synthetic per-image statistics of a production line, shaped like the generator's scenarios
 * ({@code dev.loupe.data.generate.Scenario}): a stable line, and the lamp dimming linearly from the
 * onset (30% into the stream) to 45% of its light at the end. Brightness, the colour means and contrast
 * scale with the light; sharpness and saturation do not.
 */
final class LineStreams {
    static final Instant T0 = Instant.parse("2025-03-01T06:00:00Z");

    private LineStreams() {
    }

    static ImageStats frame(SplittableRandom rnd, double light) {
        double b = (0.55 + 0.02 * gauss(rnd)) * light;
        double c = (0.12 + 0.01 * gauss(rnd)) * light;
        double sharp = Math.exp(-4 + 0.2 * gauss(rnd));
        double sat = 0.20 + 0.02 * gauss(rnd);
        return new ImageStats(b, c, sharp, b * 1.05, b, b * 0.9, sat);
    }

    static List<ImageStats> stable(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ImageStats> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(frame(rnd, 1.0));
        }
        return out;
    }

    /** The light at frame i of a dimming stream of n frames. */
    static double dimming(int i, int n) {
        int onset = (int) Math.floor(0.3 * n);
        return i <= onset ? 1.0 : 1.0 - 0.55 * (double) (i - onset) / (n - 1 - onset);
    }

    /** Logged predictions of a dimming stream, one per second; scores stay as in the reference. */
    static List<LoggedPrediction> dimmingPredictions(String model, String version, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LoggedPrediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double score = score(rnd);
            out.add(new LoggedPrediction(T0.plusSeconds(i), model, version, "cam-1", "req-" + i, frame(rnd, dimming(i, n)),
                    score, score >= 0.5 ? "defect" : "good", score >= 0.5 ? Decision.REJECT : Decision.PASS, 2_000_000,
                    Optional.empty()));
        }
        return out;
    }

    /** Scores of a model on a line with 5% defects: defects near 0.85, good parts near 0.1. */
    static double score(SplittableRandom rnd) {
        boolean defect = rnd.nextDouble() < 0.05;
        return clamp((defect ? 0.85 : 0.1) + 0.08 * gauss(rnd));
    }

    static double clamp(double s) {
        return Math.min(1, Math.max(0, s));
    }

    static double gauss(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}

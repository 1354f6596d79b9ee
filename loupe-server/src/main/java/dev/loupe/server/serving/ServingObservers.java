package dev.loupe.server.serving;

import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.metrics.ServingMetrics;

import java.time.Clock;
import java.util.Optional;

/**
 * The observer {@code loupe server} puts on its serving path, for running it on a bare
 * {@link dev.loupe.serve.PredictionServer}: {@code loupe bench serve --logging} compares serving with and
 * without prediction logging without the rest of the server around it.
 */
public final class ServingObservers {
    private ServingObservers() {
    }

    /**
     * Metrics and roll-out figures, as {@link Serving} counts them, plus prediction logging (image
     * statistics included) when {@code recorder} is given. The caller closes the recorder.
     */
    public static ServingObserver telemetry(Optional<PredictionRecorder> recorder) {
        return new ServingTelemetry(new ServingMetrics(), new ArmFigures(), recorder, Clock.systemUTC());
    }
}

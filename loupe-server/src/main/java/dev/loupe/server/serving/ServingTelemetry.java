package dev.loupe.server.serving;

import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.metrics.ServingMetrics;
import dev.loupe.serve.model.ModelLease;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server does with every answer: counts it ({@link ServingMetrics}, the roll-out's
 * {@link ArmFigures}) and, when prediction logging is on, offers it to the {@link PredictionRecorder} with
 * the decoded image's statistics and, when the model gives one, its embedding (never blocking; the recorder
 * drops and counts when its buffer is full).
 * A shadow answer is logged under request id {@code ID:shadow}, so each logged prediction keeps a unique id.
 * V2 answers (REST and gRPC) of a model package are logged as {@code /inspect} ones are, one per image
 * (see {@link dev.loupe.serve.infer.Inferencer}); a preprocessed tensor has no image, so no statistics.
 *
 * <p>Remembers the last 65,536 logged request ids, so feedback sent before the recorder has written its
 * prediction is accepted once it is written ({@link #awaitWritten}). Thread-safe.
 */
final class ServingTelemetry implements ServingObserver {
    private static final int REMEMBERED = 1 << 16;

    private final ServingMetrics metrics;
    private final ArmFigures arms;
    private final Optional<PredictionRecorder> recorder;
    private final Clock clock;
    private final Set<String> recent = ConcurrentHashMap.newKeySet();
    /** The remembered ids in a ring: slot {@code n % REMEMBERED} holds the n-th, whose turn evicts the id before it. */
    private final AtomicReferenceArray<String> ring = new AtomicReferenceArray<>(REMEMBERED);
    private final AtomicLong remembered = new AtomicLong();
    private final LongAdder shadowDropped = new LongAdder();

    ServingTelemetry(ServingMetrics metrics, ArmFigures arms, Optional<PredictionRecorder> recorder, Clock clock) {
        this.metrics = metrics;
        this.arms = arms;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public boolean wantsImageStats() {
        return recorder.isPresent();
    }

    @Override
    public void inspected(Inspected e) {
        metrics.inspected(e);
        arms.answered(e.model(), e.arm(), e.prediction().score(), e.decision(), e.latencyNanos(),
                e.champion().map(c -> c.label()), e.prediction().label());
        if (recorder.isEmpty() || e.stats().isEmpty()) {
            return;
        }
        String id = e.arm() == ModelLease.Arm.SHADOW ? e.request().requestId() + ":shadow" : e.request().requestId();
        recorder.get().offer(new LoggedPrediction(clock.instant(), e.model(), e.version(), e.request().station(), id,
                e.stats().get(), e.prediction().score(), e.prediction().label(), e.decision(),
                e.latencyNanos(), Optional.empty(), e.prediction().embedding()), e.image());
        remember(id);
    }

    /** Lock-free: every logged prediction passes here, on request threads (a lock here was contended at saturation). */
    private void remember(String id) {
        if (recent.add(id)) {
            int slot = (int) (remembered.getAndIncrement() % REMEMBERED);
            String old = ring.getAndSet(slot, id);
            if (old != null) {
                recent.remove(old);
            }
        }
    }

    /** Whether this server logged the request id lately (it may not be written yet). */
    boolean recentlyLogged(String requestId) {
        return recent.contains(requestId);
    }

    /** How long a feedback label waits for its prediction to be written before it is refused. */
    static final Duration FEEDBACK_WAIT = Duration.ofSeconds(30);

    /**
     * Returns once every prediction offered before this call is written to the store or counted as dropped or
     * failed (at once without prediction logging): what a feedback label waits for before it is acknowledged.
     *
     * @return false when that did not happen within {@code timeout} (a store slower than the traffic, or a writer
     *         that died)
     */
    boolean awaitWritten(Duration timeout) {
        return recorder.map(r -> r.flush(timeout)).orElse(true);
    }

    @Override
    public boolean wantsPredictions() {
        return true;
    }

    @Override
    public void inferred(Inferred e) {
        metrics.inferred(e);
        for (ImagePrediction p : e.predictions()) {
            arms.answered(e.model(), e.arm(), p.prediction().score(), p.decision(), e.latencyNanos(), Optional.empty(),
                    p.prediction().label());
            if (recorder.isPresent()) {
                recorder.get().offer(new LoggedPrediction(clock.instant(), e.model(), e.version(), e.request().station(),
                        p.requestId(), p.stats(), p.prediction().score(), p.prediction().label(), p.decision(),
                        e.latencyNanos(), Optional.empty(), p.prediction().embedding()), p.image().orElse(null));
                remember(p.requestId());
            }
        }
    }

    @Override
    public void failed(String model, String version, ModelLease.Arm arm, ServeException error) {
        metrics.failed(model, version, arm, error);
        if (!version.isEmpty()) {
            arms.failed(model, arm);
        }
    }

    @Override
    public void shadowDropped(String model) {
        shadowDropped.increment();
    }

    long shadowDropped() {
        return shadowDropped.sum();
    }
}

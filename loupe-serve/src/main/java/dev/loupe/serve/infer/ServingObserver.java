package dev.loupe.serve.infer;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.model.Prediction;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.model.ModelCatalog;
import dev.loupe.serve.model.ModelLease;

import java.util.List;
import java.util.Optional;

/**
 * What the serving path tells whoever watches it (prediction logging, metrics, roll-out figures). Called
 * on request threads (and the shadow thread), concurrently: implementations are thread-safe and quick
 * (never block: hand work to a queue). The default does nothing.
 */
public interface ServingObserver {

    ServingObserver NONE = new ServingObserver() {
    };

    /** Tells {@code first}, then {@code second}, of everything; wants what either wants. */
    static ServingObserver both(ServingObserver first, ServingObserver second) {
        return new ServingObserver() {
            @Override
            public boolean wantsImageStats() {
                return first.wantsImageStats() || second.wantsImageStats();
            }

            @Override
            public void inspected(Inspected event) {
                first.inspected(event);
                second.inspected(event);
            }

            @Override
            public boolean wantsPredictions() {
                return first.wantsPredictions() || second.wantsPredictions();
            }

            @Override
            public void inferred(Inferred event) {
                first.inferred(event);
                second.inferred(event);
            }

            @Override
            public void failed(String model, String version, ModelLease.Arm arm, ServeException error) {
                first.failed(model, version, arm, error);
                second.failed(model, version, arm, error);
            }

            @Override
            public void shadowDropped(String model) {
                first.shadowDropped(model);
                second.shadowDropped(model);
            }
        };
    }

    /**
     * Tells {@code observer} of everything, a failure under the names {@code models} serves: a model name
     * it does not serve becomes {@code ""}, a version it does not serve (of a model it does) {@code ""}. A
     * failed request's names come from the request path or body, so without this every made-up name
     * would add a metric series and roll-out counters that are never freed.
     */
    static ServingObserver servedNames(ModelCatalog models, ServingObserver observer) {
        return new ServingObserver() {
            @Override
            public boolean wantsImageStats() {
                return observer.wantsImageStats();
            }

            @Override
            public void inspected(Inspected event) {
                observer.inspected(event);
            }

            @Override
            public boolean wantsPredictions() {
                return observer.wantsPredictions();
            }

            @Override
            public void inferred(Inferred event) {
                observer.inferred(event);
            }

            @Override
            public void failed(String model, String version, ModelLease.Arm arm, ServeException error) {
                List<String> served = models.versions(model);
                if (served.isEmpty()) {
                    observer.failed("", "", arm, error);
                } else {
                    observer.failed(model, served.contains(version) ? version : "", arm, error);
                }
            }

            @Override
            public void shadowDropped(String model) {
                observer.shadowDropped(model);
            }
        };
    }

    /** Whether inspections should carry their image's statistics (computed on the inference thread). */
    default boolean wantsImageStats() {
        return false;
    }

    /**
     * An image was inspected.
     *
     * @param image    the encoded image as received; do not modify
     * @param stats    the decoded image's statistics, when {@link #wantsImageStats()}
     * @param champion for a shadow inspection, the champion's answer to the same request
     */
    record Inspected(RequestInfo request, String model, String version, ModelLease.Arm arm, byte[] image,
                     Optional<ImageStats> stats, Prediction prediction, Decision decision, Timings timings,
                     long latencyNanos, Optional<Inspector.Inspection> champion) {
    }

    default void inspected(Inspected event) {
    }

    /**
     * Whether V2 answers should carry a prediction and decision per image ({@link Inferred#predictions()}):
     * the score output is then computed even when the client did not ask for it.
     */
    default boolean wantsPredictions() {
        return false;
    }

    /**
     * A V2 inference request was answered.
     *
     * @param predictions when {@link #wantsPredictions()} and the model classifies images (a model package):
     *                    one per image of the request, in order; otherwise empty
     */
    record Inferred(RequestInfo request, String model, String version, ModelLease.Arm arm, List<ImagePrediction> predictions,
                    Timings timings, long latencyNanos) {
        public Inferred {
            predictions = List.copyOf(predictions);
        }
    }

    /**
     * One image's answer within a V2 request.
     *
     * @param requestId the request's id; {@code ID:i} for image {@code i} of a request with several, so each
     *                  answer has its own id
     * @param image     the encoded image as received, when it came encoded (BYTES); do not modify
     * @param stats     the decoded image's statistics, when it came encoded and {@link #wantsImageStats()}
     */
    record ImagePrediction(String requestId, Optional<byte[]> image, Optional<ImageStats> stats, Prediction prediction,
                           Decision decision) {
    }

    default void inferred(Inferred event) {
    }

    /**
     * A request failed.
     *
     * @param version the version that was to answer; {@code ""} when the model was not resolved
     */
    default void failed(String model, String version, ModelLease.Arm arm, ServeException error) {
    }

    /** A shadow copy was not scored because the shadow queue was full. */
    default void shadowDropped(String model) {
    }
}

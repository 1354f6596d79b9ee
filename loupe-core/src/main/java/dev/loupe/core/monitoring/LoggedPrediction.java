package dev.loupe.core.monitoring;

import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.store.BlobId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One prediction as the prediction log keeps it: enough to monitor inputs (the image's statistics),
 * outputs (score, label, decision) and the service (latency), and to join reviewed labels later
 * (the request id). The image itself is kept only when sampled ({@code image}).
 *
 * @param time         when the prediction was made
 * @param model        the model's name
 * @param version      the model version that answered
 * @param station      the inspection station (camera, line) the image came from; {@code ""} when unknown
 * @param requestId    the request's id, unique per prediction; feedback refers to it
 * @param stats        the input image's per-image statistics; empty when the request carried no image (a V2
 *                     request with an already preprocessed tensor)
 * @param score        the model's score (probability of the positive label), in [0, 1]
 * @param label        the predicted label
 * @param decision     what the line did with it
 * @param latencyNanos time spent serving the request, in nanoseconds
 * @param image        the image's bytes in the blob store, when the sampling policy kept them
 * @param embedding    the model's embedding of the image, when the model gives one (its descriptor names an
 *                     embedding output); the embedding drift monitor reads it
 */
public record LoggedPrediction(Instant time, String model, String version, String station, String requestId,
                               Optional<ImageStats> stats, double score, String label, Decision decision, long latencyNanos,
                               Optional<BlobId> image, Optional<float[]> embedding) {

    public LoggedPrediction {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(embedding, "embedding");
    }

    /** A prediction made from an image, with that image's statistics. */
    public LoggedPrediction(Instant time, String model, String version, String station, String requestId,
                            ImageStats stats, double score, String label, Decision decision, long latencyNanos,
                            Optional<BlobId> image, Optional<float[]> embedding) {
        this(time, model, version, station, requestId, Optional.of(stats), score, label, decision, latencyNanos, image,
                embedding);
    }

    /** A prediction made from an image by a model without an embedding output. */
    public LoggedPrediction(Instant time, String model, String version, String station, String requestId,
                            ImageStats stats, double score, String label, Decision decision, long latencyNanos,
                            Optional<BlobId> image) {
        this(time, model, version, station, requestId, Optional.of(stats), score, label, decision, latencyNanos, image,
                Optional.empty());
    }

    /** The same prediction with its image kept under {@code blob}. */
    public LoggedPrediction withImage(BlobId blob) {
        return new LoggedPrediction(time, model, version, station, requestId, stats, score, label, decision,
                latencyNanos, Optional.of(blob), embedding);
    }

    /** The same prediction with the model's embedding of the image. */
    public LoggedPrediction withEmbedding(float[] features) {
        return new LoggedPrediction(time, model, version, station, requestId, stats, score, label, decision,
                latencyNanos, image, Optional.of(features));
    }
}

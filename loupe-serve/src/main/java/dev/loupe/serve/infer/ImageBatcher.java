package dev.loupe.serve.infer;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.model.ImageModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.ImageStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Opportunistic dynamic batching of one model's {@code /inspect} images: every request leaves its
 * image here and puts one task on the {@link InferenceQueue}; the task that runs first takes every
 * image waiting (up to {@code maxBatch}) and classifies them in one ONNX Runtime call, and later tasks
 * find their image already done. No request ever waits for a batch to fill (no added delay when the
 * server is idle); batches form only when requests queue up, which is when the CPU saved per image
 * matters. {@code maxBatch} 1 is no batching.
 *
 * <p>Thread-safe.
 */
final class ImageBatcher {

    record Pending(byte[] image, CompletableFuture<Scored> result) {
    }

    private final ImageModel model;
    private final int maxBatch;
    private final boolean withStats;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();

    /** @param withStats compute each image's statistics (for prediction logging) */
    ImageBatcher(ImageModel model, int maxBatch, boolean withStats) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.withStats = withStats;
    }

    Pending add(byte[] image) {
        Pending p = new Pending(image, new CompletableFuture<>());
        waiting.add(p);
        return p;
    }

    /** Withdraws an image whose task was refused; false when a batch already took it. */
    boolean withdraw(Pending p) {
        return waiting.remove(p);
    }

    /** Runs on an inference thread: classifies whatever is waiting, up to the batch limit. */
    int drain() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        for (Pending p; batch.size() < maxBatch && (p = waiting.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        ImageClassifier classifier = model.classifier();
        Preprocessor pre = classifier.preprocessor();
        long start = System.nanoTime();
        List<Pending> ok = new ArrayList<>(batch.size());
        List<Optional<ImageStats>> stats = new ArrayList<>(batch.size());
        float[] tensor = new float[batch.size() * pre.size()];
        for (Pending p : batch) {
            try {
                DecodedImage decoded = new DecodedImage(ImageModel.decode(p.image(), "the image"));
                pre.apply(decoded, tensor, ok.size() * pre.size());
                ok.add(p);
                stats.add(withStats ? Optional.of(ImageStats.of(decoded)) : Optional.empty());
            } catch (RuntimeException e) { // a ServeException for an unreadable image, or a preprocessing failure
                p.result().completeExceptionally(e);
            }
        }
        if (ok.isEmpty()) {
            return batch.size();
        }
        try {
            float[] used = ok.size() == batch.size() ? tensor : java.util.Arrays.copyOf(tensor, ok.size() * pre.size());
            long preprocessed = System.nanoTime();
            List<Prediction> predictions = classifier.classifyPreprocessed(used, ok.size());
            long done = System.nanoTime();
            for (int i = 0; i < ok.size(); i++) {
                ok.get(i).result().complete(new Scored(predictions.get(i), stats.get(i), start, preprocessed - start,
                        done - preprocessed, ok.size()));
            }
        } catch (InferenceException | RuntimeException e) {
            ok.forEach(p -> p.result().completeExceptionally(e));
        }
        return batch.size();
    }
}

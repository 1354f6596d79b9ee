package dev.loupe.serve.infer;

import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.Prediction;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.serve.model.ImageModel;

import java.util.Optional;

/**
 * One image's answer with its statistics (when asked for) and the time its steps took.
 *
 * @param started when an inference thread took it ({@link System#nanoTime()})
 */
record Scored(Prediction prediction, Optional<ImageStats> stats, long started, long preprocessNanos, long inferNanos, int batchSize) {

    /** Decodes, preprocesses and classifies one image on the calling (inference) thread. */
    static Scored one(ImageModel m, byte[] image, boolean withStats) throws InferenceException {
        long start = System.nanoTime();
        DecodedImage decoded = new DecodedImage(ImageModel.decode(image, "the image"));
        Preprocessor p = m.classifier().preprocessor();
        float[] x = new float[p.size()];
        p.apply(decoded, x, 0);
        long pre = System.nanoTime();
        Prediction prediction = m.classifier().classifyPreprocessed(x, 1).getFirst();
        long done = System.nanoTime();
        Optional<ImageStats> stats = withStats ? Optional.of(ImageStats.of(decoded)) : Optional.empty();
        return new Scored(prediction, stats, start, pre - start, done - pre, 1);
    }

    Timings timings(long submitted) {
        return new Timings(Math.max(0, started - submitted), preprocessNanos, inferNanos, batchSize);
    }
}

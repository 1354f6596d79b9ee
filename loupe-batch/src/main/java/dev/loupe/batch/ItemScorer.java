package dev.loupe.batch;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.UnsupportedImageException;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Prediction;

/**
 * Scores one encoded image into a {@link BatchRow}: the one function both the local batch job and the
 * Spark job call, so both write the same row for the same bytes. A corrupt image, one in a format Loupe does
 * not read (GIF), or a model that cannot take it becomes a row with the reason, never an exception.
 */
public final class ItemScorer {
    private ItemScorer() {
    }

    public static BatchRow score(ImageClassifier classifier, String item, byte[] encoded) {
        try {
            Prediction p = classifier.classify(encoded);
            return BatchRow.scored(item, p.label(), p.score());
        } catch (UnsupportedImageException e) {
            return BatchRow.failed(item, "unsupported image: " + e.getMessage());
        } catch (ImageDecodeException e) {
            return BatchRow.failed(item, "corrupt image: " + e.getMessage());
        } catch (InferenceException e) {
            return BatchRow.failed(item, "inference failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return BatchRow.failed(item, "failed: " + e);
        }
    }
}

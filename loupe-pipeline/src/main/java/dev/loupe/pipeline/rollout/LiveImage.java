package dev.loupe.pipeline.rollout;

import java.util.Objects;
import java.util.Optional;

/**
 * One live request for the in-process roll-out: an encoded image and, when known, its true label (a
 * reviewed image, an end-of-line test result).
 *
 * @param id      the request's id, for messages
 * @param encoded the image file's bytes (PNG, JPEG...)
 * @param label   the true label, if known
 */
public record LiveImage(String id, byte[] encoded, Optional<String> label) {
    public LiveImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(label, "label");
    }
}

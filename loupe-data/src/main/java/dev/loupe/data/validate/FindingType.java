package dev.loupe.data.validate;

import java.util.Locale;

/** What kind of problem a finding reports; the JSON spelling is {@link #id()} (documented in docs/data-validation.md). */
public enum FindingType {
    /** A file that is not a readable PNG, JPEG, BMP or TIFF (truncated, corrupt, not an image). */
    UNREADABLE,
    /** Byte-identical files within one split. */
    EXACT_DUPLICATE,
    /** Visually identical images (re-encoded, resized) within one split. */
    NEAR_DUPLICATE,
    /** The same image, exactly or nearly, in more than one split: test results would be optimistic. */
    SPLIT_LEAKAGE,
    /** Images of different sizes. */
    MIXED_SIZES,
    /** Grayscale and colour images mixed. */
    MIXED_CHANNELS,
    /** Files of different formats (PNG, JPEG, BMP, TIFF) mixed. */
    MIXED_FORMATS,
    /** The most frequent label outnumbers the rarest by the imbalance ratio or more. */
    CLASS_IMBALANCE,
    /** A label has no sample in a split that other labels use. */
    LABEL_MISSING_FROM_SPLIT,
    /** Samples without a label. */
    UNLABELLED,
    /** Samples whose label is not in the project's label book: training leaves them out. */
    UNKNOWN_LABEL,
    /** Samples whose annotators gave different labels. */
    ANNOTATOR_DISAGREEMENT,
    /** A per-image statistic is distributed differently in a split than in train. */
    SPLIT_SKEW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.loupe.core.dataset;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable dataset version. Its id is a content hash of its samples (paths, bytes, labels, splits,
 * metadata): identical content gives the identical id, one changed byte a new one.
 *
 * @param name        the dataset's name
 * @param id          the content hash (hex)
 * @param parent      the version this one was derived from (relabelled, extended), if any
 * @param source      where it came from (an imported path, {@code pipeline:<run>}...)
 * @param createdBy   who made it
 * @param createdAt   when
 * @param labelCounts samples per label ({@code ""} for unlabelled)
 * @param splitCounts samples per split
 */
public record DatasetVersion(String name, String id, Optional<String> parent, String source, String createdBy,
                             Instant createdAt, int sampleCount, Map<String, Integer> labelCounts,
                             Map<Split, Integer> splitCounts) {

    public DatasetVersion {
        labelCounts = Map.copyOf(labelCounts);
        splitCounts = Map.copyOf(splitCounts);
    }

    public DatasetRef ref() {
        return new DatasetRef(name, Optional.of(id));
    }

    /** The printed reference, {@code NAME@<id>}. */
    @Override
    public String toString() {
        return name + "@" + id;
    }
}

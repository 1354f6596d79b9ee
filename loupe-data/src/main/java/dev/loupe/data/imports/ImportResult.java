package dev.loupe.data.imports;

import dev.loupe.core.dataset.DatasetVersion;

import java.util.List;

/**
 * What an import did.
 *
 * @param version    the version (new, or the identical one already stored)
 * @param created    false when a version with the same name and content existed, so nothing was written
 * @param format     the layout read
 * @param unreadable samples kept whose files are not readable images
 * @param newBlobs   files whose bytes were not yet in the blob store
 * @param skipped    entries not imported, each with its reason
 */
public record ImportResult(DatasetVersion version, boolean created, ImportFormat format, int unreadable,
                           int newBlobs, List<String> skipped) {
    public ImportResult {
        skipped = List.copyOf(skipped);
    }
}

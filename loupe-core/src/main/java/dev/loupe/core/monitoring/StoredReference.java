package dev.loupe.core.monitoring;

import dev.loupe.core.store.BlobId;

import java.time.Instant;

/**
 * Where a model version's monitoring reference lives: the reference itself (per-image statistics,
 * scores, calibration) is a JSON document in the blob store; this row points at it.
 *
 * @param model     the model's name
 * @param version   the model version
 * @param dataset   the dataset version the reference was built from ({@code NAME@ID}, or a folder)
 * @param blob      the JSON document
 * @param size      how many reference images
 * @param createdAt when it was built
 */
public record StoredReference(String model, String version, String dataset, BlobId blob, int size, Instant createdAt) {
}

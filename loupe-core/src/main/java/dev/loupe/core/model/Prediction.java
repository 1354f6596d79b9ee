package dev.loupe.core.model;

import java.util.Optional;

/**
 * A model's answer for one image.
 *
 * @param label     the predicted label: the positive label when {@code score >= threshold}
 * @param score     the probability of the positive label, in [0, 1]
 * @param embedding the model's feature vector, when its descriptor names an embedding output
 */
public record Prediction(String label, double score, Optional<float[]> embedding) {
}

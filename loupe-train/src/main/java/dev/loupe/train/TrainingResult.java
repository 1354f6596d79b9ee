package dev.loupe.train;

import dev.loupe.core.model.ModelPackage;

import java.util.Map;

/**
 * A trained model and what training measured ({@code train.auroc}, {@code validation.recall}...).
 */
public record TrainingResult(ModelPackage model, Map<String, Double> metrics) {
    public TrainingResult {
        metrics = Map.copyOf(metrics);
    }
}

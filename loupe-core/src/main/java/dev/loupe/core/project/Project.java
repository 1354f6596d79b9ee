package dev.loupe.core.project;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project file ({@code loupe.yaml}) as validated values: what the model sees (X), what it predicts
 * (y, with the label book), the metrics that matter and their targets, and the baselines to beat.
 * Later stages read their own sections ({@code decision}, {@code monitoring}, {@code retraining},
 * {@code gate}...) through {@link #section(String)} and validate them when they parse them.
 *
 * @param name      project name
 * @param task      what is predicted
 * @param inputs    X: the images
 * @param labels    y: every label with its written definition, in file order
 * @param positive  the label recall is measured on (the defect)
 * @param targets   the metrics that matter
 * @param baselines figures a model must beat
 */
public record Project(String name, Task task, Inputs inputs, List<Label> labels, String positive,
                      Targets targets, Baselines baselines, Map<String, JsonNode> sections,
                      Map<String, Integer> lines, String source) {

    public Project {
        labels = List.copyOf(labels);
        sections = Map.copyOf(sections);
        lines = Map.copyOf(lines);
    }

    /** What the model predicts. */
    public enum Task {
        BINARY_CLASSIFICATION("binary-classification"),
        MULTICLASS_CLASSIFICATION("multiclass-classification");

        public final String yamlName;

        Task(String yamlName) {
            this.yamlName = yamlName;
        }
    }

    /** Colour mode of the images the model takes. */
    public enum Colour { RGB, GRAYSCALE }

    /** X: the images as the model takes them. */
    public record Inputs(String description, int width, int height, Colour colour) {
    }

    /** One label of the label book. */
    public record Label(String name, String definition) {
    }

    /**
     * @param recall               minimum recall on the positive label, in [0, 1]
     * @param falseRejectRate      maximum share of good parts rejected, in [0, 1]
     * @param p99LatencyMillis     maximum p99 latency per image
     * @param throughputPerSecond  minimum images per second
     */
    public record Targets(double recall, double falseRejectRate, double p99LatencyMillis, double throughputPerSecond) {
    }

    /** Baseline figures, empty until measured (human level from annotator agreement, the rule baseline). */
    public record Baselines(Optional<Double> humanLevelRecall, Optional<Double> ruleBasedRecall) {
    }

    public List<String> labelNames() {
        return labels.stream().map(Label::name).toList();
    }

    public Optional<Label> label(String name) {
        return labels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** A stage's section, e.g. {@code decision}. */
    public Optional<JsonNode> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** The line in the file of a dotted field path ({@code targets.recall}), 0 when unknown. */
    public int lineOf(String field) {
        return lines.getOrDefault(field, 0);
    }

    /** An error about one field of this file, naming its line. */
    public ProjectException error(String field, String message) {
        return new ProjectException(source, lineOf(field), field, message);
    }
}

package dev.loupe.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model package says about its model: what it predicts, how an image becomes its input tensor,
 * which outputs to read, how a score becomes a decision, and where the model came from. Serialised as
 * {@code loupe-model.json} next to {@code model.onnx} (format: {@code docs/model-package.md}).
 *
 * @param name        the model's name ({@code defect-cnn})
 * @param labels      every label, in the order of a multi-column score output
 * @param positive    the label the score is the probability of (the defect)
 * @param input       how an image becomes the model's input tensor
 * @param scoreOutput the output holding the score: FP32 [N, 1] (probability of {@code positive}) or
 *                    [N, labels] (one probability per label, in {@code labels} order)
 * @param embeddingOutput an optional FP32 [N, D] output of features (for drift monitoring, similarity)
 * @param threshold   a score at or above it predicts {@code positive}
 * @param reviewBand  scores in [low, high) go to a person instead of being decided automatically
 * @param lineage     the data, code and parameters the model came from
 * @param metrics     figures measured when the model was made (e.g. {@code validation.auroc})
 * @param createdAt   when the package was made
 */
public record ModelDescriptor(String name, List<String> labels, String positive, Input input, String scoreOutput,
                              Optional<String> embeddingOutput, double threshold, Optional<ReviewBand> reviewBand,
                              Lineage lineage, Map<String, Double> metrics, Instant createdAt) {

    /** The current version of the {@code loupe-model.json} format. */
    public static final int FORMAT = 1;

    /**
     * @return {@code name} when it can name a model: 1 to 100 ASCII letters, digits, '.', '_' or '-', starting with a
     *         letter or digit
     * @throws IllegalArgumentException otherwise, saying so
     */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("bad model name '" + name + "' (letters, digits, '.', '_', '-')");
        }
        return name;
    }

    public ModelDescriptor {
        labels = List.copyOf(labels);
        metrics = Map.copyOf(metrics);
        checkName(name);
        if (labels.size() < 2 || labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("a model needs at least two distinct labels, got " + labels);
        }
        if (!labels.contains(positive)) {
            throw new IllegalArgumentException("positive label '" + positive + "' is not one of " + labels);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        if (scoreOutput.isBlank()) {
            throw new IllegalArgumentException("the score output needs a name");
        }
    }

    /** Colour mode of the input tensor: its channel count and how image pixels map to it. */
    public enum Colour {
        /** 3 channels R, G, B; a grayscale image is repeated into all three. */
        RGB(3),
        /** 1 channel, luma = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) of a colour image. */
        GRAYSCALE(1);

        public final int channels;

        Colour(int channels) {
            this.channels = channels;
        }
    }

    /**
     * The input tensor: FP32 [N, C, H, W] named {@code name}. Each pixel value v in 0..255 (after resizing
     * with bilinear interpolation, see {@link Preprocessor}) becomes {@code (v * scale - mean[c]) / std[c]}.
     */
    public record Input(String name, int width, int height, Colour colour, Normalisation normalisation) {
        public Input {
            if (width < 1 || height < 1 || width > 4096 || height > 4096) {
                throw new IllegalArgumentException("input size must be 1..4096 per side, got " + width + "x" + height);
            }
            if (normalisation.mean().size() != colour.channels) {
                throw new IllegalArgumentException("normalisation has " + normalisation.mean().size()
                        + " means for " + colour.channels + " channel(s)");
            }
        }

        public int channels() {
            return colour.channels;
        }
    }

    /**
     * {@code (v * scale - mean[c]) / std[c]}, one mean and std per channel.
     */
    public record Normalisation(double scale, List<Double> mean, List<Double> std) {
        public Normalisation {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            if (mean.size() != std.size() || mean.isEmpty()) {
                throw new IllegalArgumentException("normalisation needs one mean and one std per channel");
            }
            if (std.stream().anyMatch(s -> !(s > 0))) {
                throw new IllegalArgumentException("normalisation std must be > 0, got " + std);
            }
        }

        /** {@code v / 255}, nothing else: pixels in [0, 1]. */
        public static Normalisation unit(int channels) {
            return new Normalisation(1 / 255.0, java.util.Collections.nCopies(channels, 0.0),
                    java.util.Collections.nCopies(channels, 1.0));
        }
    }

    /** Scores in [low, high) are sent to a person. */
    public record ReviewBand(double low, double high) {
        public ReviewBand {
            if (!(low >= 0 && low <= high && high <= 1)) {
                throw new IllegalArgumentException("review band must satisfy 0 <= low <= high <= 1, got [" + low + ", " + high + ")");
            }
        }

        public boolean contains(double score) {
            return score >= low && score < high;
        }
    }

    /**
     * Where a model came from: "model = code + hyperparameters + data".
     *
     * @param dataset     the dataset version it was trained on ({@code NAME@ID}), empty when unknown
     * @param trainer     the trainer ({@code baseline}, {@code cnn}, {@code external:<command>}, {@code imported})
     * @param params      the trainer's parameters as given
     * @param seed        the random seed
     * @param codeVersion the Loupe commit that trained it
     * @param libraries   versions of the libraries that mattered ({@code onnxruntime}, {@code djl}, {@code java})
     */
    public record Lineage(String dataset, String trainer, Map<String, String> params, long seed, String codeVersion,
                          Map<String, String> libraries) {
        public Lineage {
            params = Map.copyOf(params);
            libraries = Map.copyOf(libraries);
        }
    }

    /** Whether a score predicts the positive label. */
    public boolean isPositive(double score) {
        return score >= threshold;
    }

    /** The label a score predicts: {@code positive} at or above the threshold, else the first other label. */
    public String labelFor(double score) {
        return isPositive(score) ? positive : negative();
    }

    /** The label predicted below the threshold: the first label that is not {@code positive}. */
    public String negative() {
        return labels.stream().filter(l -> !l.equals(positive)).findFirst().orElseThrow();
    }

    public ModelDescriptor withThreshold(double newThreshold) {
        return new ModelDescriptor(name, labels, positive, input, scoreOutput, embeddingOutput, newThreshold,
                reviewBand, lineage, metrics, createdAt);
    }

    public ModelDescriptor withMetrics(Map<String, Double> newMetrics) {
        return new ModelDescriptor(name, labels, positive, input, scoreOutput, embeddingOutput, threshold,
                reviewBand, lineage, newMetrics, createdAt);
    }

    /** The same model read from another score output (a combined model's branch, say) with its own threshold. */
    public ModelDescriptor withScoreOutput(String newScoreOutput, double newThreshold) {
        return new ModelDescriptor(name, labels, positive, input, newScoreOutput, embeddingOutput, newThreshold,
                reviewBand, lineage, metrics, createdAt);
    }

    public ModelDescriptor withName(String newName) {
        return new ModelDescriptor(newName, labels, positive, input, scoreOutput, embeddingOutput, threshold,
                reviewBand, lineage, metrics, createdAt);
    }
}

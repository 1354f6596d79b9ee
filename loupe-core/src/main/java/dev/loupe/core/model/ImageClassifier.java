package dev.loupe.core.model;

import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.inference.DataType;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model package ready to classify images: {@link Preprocessor} then {@link OnnxModel}, the one path
 * every stage uses (evaluation, serving, edge, batch), so a model scores the same everywhere.
 *
 * <p>Thread-safe: classify from as many threads as you like. Holds the ONNX Runtime session's native
 * memory: whoever calls {@link #load} closes the classifier, after the last classification returned.
 */
public final class ImageClassifier implements AutoCloseable {

    private final ModelPackage pkg;
    private final ModelDescriptor descriptor;
    private final OnnxModel model;
    private final Preprocessor preprocessor;
    private final Set<String> outputs;
    private final int positiveColumn;

    private ImageClassifier(ModelPackage pkg, OnnxModel model) throws InferenceException {
        this.pkg = pkg;
        this.descriptor = pkg.descriptor();
        this.model = model;
        this.preprocessor = new Preprocessor(descriptor.input());
        ModelDescriptor.Input in = descriptor.input();
        TensorSpec input = model.inputs().stream().filter(s -> s.name().equals(in.name())).findFirst()
                .orElseThrow(() -> new InferenceException("the model has no input '" + in.name() + "'; it takes "
                        + model.inputs(), true));
        long[] expected = {1, in.channels(), in.height(), in.width()};
        if (model.inputs().size() != 1 || input.type() != DataType.FP32 || !input.accepts(expected)) {
            throw new InferenceException("the model's inputs " + model.inputs() + " do not take one FP32 image "
                    + Arrays.toString(expected) + " as the descriptor says", true);
        }
        TensorSpec score = output(descriptor.scoreOutput());
        long columns = score.shape().length == 2 ? score.shape()[1] : -2;
        if (columns == 1 || columns == -1) {
            positiveColumn = 0;
        } else if (columns == descriptor.labels().size()) {
            positiveColumn = descriptor.labels().indexOf(descriptor.positive());
        } else {
            throw new InferenceException("score output " + score + " must be [N, 1] or [N, "
                    + descriptor.labels().size() + "] (one column per label)", true);
        }
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(descriptor.scoreOutput());
        if (descriptor.embeddingOutput().isPresent()) {
            output(descriptor.embeddingOutput().get());
            wanted.add(descriptor.embeddingOutput().get());
        }
        this.outputs = Set.copyOf(wanted);
    }

    /**
     * Loads a package into ONNX Runtime and checks the model matches its descriptor.
     *
     * @param threads threads one inference may use (1 suits servers running requests in parallel)
     * @throws InferenceException when the model does not load or does not match its descriptor
     */
    public static ImageClassifier load(ModelPackage pkg, int threads) throws InferenceException {
        return over(pkg, OnnxModel.load(pkg.onnx(), threads));
    }

    /**
     * A classifier over a session already loaded from {@code pkg}'s ONNX file, for a caller that also runs
     * the session directly (the prediction server's V2 endpoints): one session, one copy of the weights.
     * Takes ownership of {@code model}: closing the classifier closes it, and so does a failed check.
     *
     * @throws InferenceException when the model does not match its descriptor
     */
    public static ImageClassifier over(ModelPackage pkg, OnnxModel model) throws InferenceException {
        try {
            return new ImageClassifier(pkg, model);
        } catch (InferenceException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public ModelPackage modelPackage() {
        return pkg;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Prediction classify(BufferedImage image) throws InferenceException {
        return classifyBatch(List.of(image)).getFirst();
    }

    /** Decodes (with {@link Images#decode}) and classifies an encoded image. */
    public Prediction classify(byte[] encoded) throws ImageDecodeException, InferenceException {
        return classify(Images.decode(encoded));
    }

    /** Classifies images in one ONNX Runtime call; predictions in the images' order. */
    public List<Prediction> classifyBatch(List<BufferedImage> images) throws InferenceException {
        if (images.isEmpty()) {
            return List.of();
        }
        float[] batch = new float[images.size() * preprocessor.size()];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.apply(images.get(i), batch, i * preprocessor.size());
        }
        return classifyPreprocessed(batch, images.size());
    }

    /**
     * Classifies images already preprocessed by {@link #preprocessor()}: {@code n} consecutive
     * C * H * W blocks (for callers that batch requests themselves).
     */
    public List<Prediction> classifyPreprocessed(float[] batch, int n) throws InferenceException {
        if (batch.length != n * preprocessor.size()) {
            throw new InferenceException("a batch of " + n + " needs " + n * preprocessor.size() + " floats, got "
                    + batch.length, true);
        }
        Tensor in = Tensor.ofFloats(batch, n, preprocessor.channels(), preprocessor.height(), preprocessor.width());
        return predictions(model.run(Map.of(descriptor.input().name(), in), outputs), n);
    }

    /**
     * Reads the predictions of {@code n} images from the model's outputs for them, as
     * {@link #classifyPreprocessed} does: for callers that ran the model themselves (an OIP request's
     * tensors). The score output must be there; the embedding is read when it is.
     *
     * @throws IllegalArgumentException when the score output is missing or does not hold {@code n} rows
     */
    public List<Prediction> predictions(Map<String, Tensor> out, int n) {
        Tensor scoreTensor = out.get(descriptor.scoreOutput());
        if (scoreTensor == null || n < 1) {
            throw new IllegalArgumentException("no score output '" + descriptor.scoreOutput() + "' for " + n + " images");
        }
        float[] scores = floats(scoreTensor);
        int columns = scores.length / n;
        if (columns * n != scores.length || positiveColumn >= columns) {
            throw new IllegalArgumentException("score output of " + scores.length + " values does not hold " + n + " rows");
        }
        float[] embeddings = descriptor.embeddingOutput().filter(out::containsKey).map(name -> floats(out.get(name))).orElse(null);
        int dim = embeddings == null ? 0 : embeddings.length / n;
        List<Prediction> predictions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double score = scores[i * columns + positiveColumn];
            Optional<float[]> emb = embeddings == null ? Optional.empty()
                    : Optional.of(Arrays.copyOfRange(embeddings, i * dim, (i + 1) * dim));
            predictions.add(new Prediction(descriptor.labelFor(score), score, emb));
        }
        return predictions;
    }

    @Override
    public void close() {
        model.close();
    }

    private TensorSpec output(String name) throws InferenceException {
        return model.outputs().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new InferenceException("the model has no output '" + name + "'; it gives "
                        + model.outputs(), true));
    }

    private static float[] floats(Tensor t) {
        if (t instanceof Tensor.Numeric n && n.type() == DataType.FP32) {
            return n.floats();
        }
        throw new IllegalStateException("model output is " + t.type() + ", expected FP32");
    }
}

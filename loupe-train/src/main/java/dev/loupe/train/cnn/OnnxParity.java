package dev.loupe.train.cnn;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Runs an exported model through Loupe's one inference path ({@link OnnxModel}, ONNX Runtime) and
 * compares its outputs with the ones the training framework computed for the same images.
 */
public final class OnnxParity {

    /** Images per ONNX Runtime call. */
    private static final int CHUNK = 256;

    private OnnxParity() {
    }

    /**
     * @param onnx       the model's bytes ({@link OnnxExporter#export})
     * @param images     the images (labels are ignored)
     * @param scores     the expected {@code score} per image
     * @param embeddings the expected {@code embedding}s, image-major ({@code N·D})
     * @throws ParityException when the model does not load or run, or gives outputs of the wrong shape
     */
    public static ParityReport check(byte[] onnx, ImageTensors images, float[] scores, float[] embeddings) {
        int n = images.size();
        if (scores.length != n || n == 0 || embeddings.length % n != 0) {
            throw new IllegalArgumentException(n + " images, " + scores.length + " scores, " + embeddings.length + " embedding values");
        }
        int d = embeddings.length / n;
        int len = images.imageLength();
        double scoreDiff = 0;
        double embeddingDiff = 0;
        try (OnnxModel model = OnnxModel.load(onnx, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            for (int from = 0; from < n; from += CHUNK) {
                int count = Math.min(CHUNK, n - from);
                float[] chunk = Arrays.copyOfRange(images.data(), from * len, (from + count) * len);
                Map<String, Tensor> out = model.run(Map.of(OnnxExporter.INPUT, Tensor.ofFloats(chunk,
                        count, images.channels(), images.height(), images.width())), Set.of());
                float[] s = floats(out, OnnxExporter.SCORE, count, 1);
                float[] e = floats(out, OnnxExporter.EMBEDDING, count, d);
                for (int i = 0; i < count; i++) {
                    scoreDiff = Math.max(scoreDiff, Math.abs(s[i] - scores[from + i]));
                }
                for (int i = 0; i < count * d; i++) {
                    float expected = embeddings[from * d + i];
                    embeddingDiff = Math.max(embeddingDiff, Math.abs(e[i] - expected) / Math.max(1, Math.abs(expected)));
                }
            }
        } catch (InferenceException e) {
            throw new ParityException("the exported model does not run in ONNX Runtime: " + e.getMessage(), e);
        }
        return new ParityReport(n, scoreDiff, embeddingDiff);
    }

    /** Output {@code name} as FP32 {@code [rows, cols]}, or a {@link ParityException} saying what came instead. */
    static float[] floats(Map<String, Tensor> out, String name, long rows, long cols) {
        Tensor t = out.get(name);
        if (!(t instanceof Tensor.Numeric numeric) || !Arrays.equals(t.shape(), new long[] {rows, cols})) {
            throw new ParityException("output '" + name + "' should be FP32 [" + rows + ", " + cols + "], got "
                    + (t == null ? "nothing" : t.type() + " " + Arrays.toString(t.shape())));
        }
        return numeric.floats();
    }
}

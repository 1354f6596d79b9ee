package dev.loupe.train.cnn;

import ai.onnx.proto.OnnxMl;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxExporterTest {

    private static final int SIZE = 20; // odd after the strided convolution and one pooling: checks floor rounding

    /** Random weights: 3 -> 4 -> 6 channels, so the embedding has 12 features. */
    private static CnnWeights randomWeights(long seed) {
        Random r = new Random(seed);
        CnnWeights.Convolution a = new CnnWeights.Convolution(3, 4, 3, 2, gaussian(r, 4 * 3 * 9), gaussian(r, 4));
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        return new CnnWeights(3, SIZE, List.of(a, b), gaussian(r, 12), 0.3f);
    }

    @Test
    void export_runsInOnnxRuntimeLikeAReferenceForwardPass() throws Exception {
        assertRunsLikeReference(randomWeights(1));
    }

    @Test
    void export_withDetailChannels_runsInOnnxRuntimeLikeAReferenceForwardPass() throws Exception {
        Random r = new Random(6);
        CnnWeights.Convolution a = new CnnWeights.Convolution(6, 4, 3, 2, gaussian(r, 4 * 6 * 9), gaussian(r, 4));
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        assertRunsLikeReference(new CnnWeights(3, SIZE, List.of(a, b), gaussian(r, 12), -0.2f, 1.5));
    }

    @Test
    void export_withFineDetailChannels_runsInOnnxRuntimeLikeTheTrainersPrecompute() throws Exception {
        Random r = new Random(8);
        // 3 image + 3 detail + 4 fine planes, at half the input's side
        assertRunsLikeReference(new CnnWeights(3, SIZE, twoConvolutions(r, 10), gaussian(r, 12), 0.1f, 1.5, 1));
    }

    @Test
    void export_withFineDetailOnly_runsInOnnxRuntimeLikeTheTrainersPrecompute() throws Exception {
        Random r = new Random(9);
        assertRunsLikeReference(new CnnWeights(3, SIZE, twoConvolutions(r, 7), gaussian(r, 12), 0.1f, 0, 0.8));
    }

    @Test
    void export_withGeneralisedMeanPooling_runsInOnnxRuntimeLikeAReferenceForwardPass() throws Exception {
        Random r = new Random(10);
        CnnWeights.Convolution a = new CnnWeights.Convolution(6, 4, 3, 2, gaussian(r, 4 * 6 * 9), gaussian(r, 4));
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        assertRunsLikeReference(new CnnWeights(3, SIZE, List.of(a, b), gaussian(r, 12), 0.2f, 2, 0, 3));
    }

    @Test
    void export_withAnUnpooledFirstBlockAndAStridedSecond_runsInOnnxRuntimeLikeAReferenceForwardPass() throws Exception {
        Random r = new Random(13);
        CnnWeights.Convolution a = new CnnWeights.Convolution(6, 4, 3, 1, gaussian(r, 4 * 6 * 9), gaussian(r, 4), false);
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 2, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        assertRunsLikeReference(new CnnWeights(3, SIZE, List.of(a, b), gaussian(r, 12), 0.2f, 2, 0, 3));
    }

    @Test
    void export_withFourFlipViews_averagesTheEmbeddingOverTheImageAndItsMirrors() throws Exception {
        assertAveragesOverMirrors(4, new boolean[][] {{false, false}, {true, false}, {false, true}, {true, true}});
    }

    @Test
    void export_withTwoFlipViews_averagesTheEmbeddingOverTheImageAndItsLeftRightMirror() throws Exception {
        assertAveragesOverMirrors(2, new boolean[][] {{false, false}, {true, false}});
    }

    private static void assertAveragesOverMirrors(int views, boolean[][] mirrors) throws Exception {
        Random r = new Random(11);
        CnnWeights.Convolution a = new CnnWeights.Convolution(6, 4, 3, 2, gaussian(r, 4 * 6 * 9), gaussian(r, 4));
        CnnWeights.Convolution b = new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6));
        CnnWeights w = new CnnWeights(3, SIZE, List.of(a, b), gaussian(r, 12), 0.2f, 2, 0, 3);
        int n = 3;
        int len = 3 * SIZE * SIZE;
        ImageTensors images = new ImageTensors(gaussian(new Random(12), n * len), new int[n], 3, SIZE, SIZE);
        try (OnnxModel model = OnnxModel.load(OnnxExporter.export(w, views), 1)) {
            Map<String, Tensor> out = model.run(Map.of("image", Tensor.ofFloats(images.data(), n, 3, SIZE, SIZE)), Set.of());
            float[] scores = ((Tensor.Numeric) out.get("score")).floats();
            float[] embeddings = ((Tensor.Numeric) out.get("embedding")).floats();
            assertThat(out.get("embedding").shape()).containsExactly(n, 12);
            for (int i = 0; i < n; i++) {
                float[] mean = new float[12];
                for (boolean[] m : mirrors) {
                    float[] view = java.util.Arrays.copyOfRange(images.mirrored(m[0], m[1]).data(), i * len, (i + 1) * len);
                    float[] e = ReferenceCnn.embedding(w, view);
                    for (int k = 0; k < 12; k++) {
                        mean[k] += e[k] / views;
                    }
                }
                for (int k = 0; k < 12; k++) {
                    assertThat(embeddings[i * 12 + k]).isCloseTo(mean[k], org.assertj.core.data.Offset.offset(1e-4f));
                }
                assertThat(scores[i]).isCloseTo(ReferenceCnn.score(w, mean), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    /** A {@code in}→4→6 stack of 3×3 stride-1 convolutions with random weights. */
    private static List<CnnWeights.Convolution> twoConvolutions(Random r, int in) {
        return List.of(new CnnWeights.Convolution(in, 4, 3, 1, gaussian(r, 4 * in * 9), gaussian(r, 4)),
                new CnnWeights.Convolution(4, 6, 3, 1, gaussian(r, 6 * 4 * 9), gaussian(r, 6)));
    }

    @Test
    void weights_fineDetail_addFourPlanesToTheFirstConvolutionsInput() {
        Random r = new Random(7);
        CnnWeights.Convolution sixIn = new CnnWeights.Convolution(6, 4, 3, 1, gaussian(r, 4 * 6 * 9), gaussian(r, 4));
        assertThatThrownBy(() -> new CnnWeights(3, SIZE, List.of(sixIn), gaussian(r, 8), 0f, 2, 1))
                .hasMessageContaining("gets 10");
    }

    @Test
    void weights_detailChannels_doubleTheFirstConvolutionsInput() {
        Random r = new Random(7);
        CnnWeights.Convolution threeIn = new CnnWeights.Convolution(3, 4, 3, 1, gaussian(r, 4 * 3 * 9), gaussian(r, 4));
        assertThatThrownBy(() -> new CnnWeights(3, SIZE, List.of(threeIn), gaussian(r, 8), 0f, 2))
                .hasMessageContaining("gets 6");
    }

    private static void assertRunsLikeReference(CnnWeights w) throws Exception {
        int n = 7;
        float[] images = gaussian(new Random(2), n * 3 * SIZE * SIZE);
        try (OnnxModel model = OnnxModel.load(OnnxExporter.export(w), 1)) {
            Map<String, Tensor> out = model.run(Map.of("image", Tensor.ofFloats(images, n, 3, SIZE, SIZE)), Set.of());
            float[] scores = ((Tensor.Numeric) out.get("score")).floats();
            float[] embeddings = ((Tensor.Numeric) out.get("embedding")).floats();
            assertThat(out.get("score").shape()).containsExactly(n, 1);
            assertThat(out.get("embedding").shape()).containsExactly(n, 12);
            for (int i = 0; i < n; i++) {
                float[] image = java.util.Arrays.copyOfRange(images, i * 3 * SIZE * SIZE, (i + 1) * 3 * SIZE * SIZE);
                float[] embedding = ReferenceCnn.embedding(w, image);
                for (int k = 0; k < 12; k++) {
                    assertThat(embeddings[i * 12 + k]).isCloseTo(embedding[k], org.assertj.core.data.Offset.offset(1e-4f));
                }
                assertThat(scores[i]).isCloseTo(ReferenceCnn.score(w, embedding), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void export_declaresItsContract() throws Exception {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(OnnxExporter.export(randomWeights(3)));
        assertThat(m.getIrVersion()).isEqualTo(OnnxExporter.IR_VERSION);
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(OnnxExporter.OPSET);
        assertThat(m.getGraph().getInputList()).extracting(OnnxMl.ValueInfoProto::getName).containsExactly("image");
        assertThat(m.getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName).containsExactly("score", "embedding");
        assertThat(m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).hasDimParam()).isTrue();
    }

    @Test
    void check_scoresThatDiffer_reportTheDifference() {
        CnnWeights w = randomWeights(4);
        ImageTensors images = new ImageTensors(gaussian(new Random(5), 2 * 3 * SIZE * SIZE), new int[] {0, 1}, 3, SIZE, SIZE);
        float[] scores = new float[2];
        float[] embeddings = new float[24];
        for (int i = 0; i < 2; i++) {
            float[] e = ReferenceCnn.embedding(w, java.util.Arrays.copyOfRange(images.data(), i * 3 * SIZE * SIZE, (i + 1) * 3 * SIZE * SIZE));
            System.arraycopy(e, 0, embeddings, i * 12, 12);
            scores[i] = ReferenceCnn.score(w, e);
        }
        byte[] onnx = OnnxExporter.export(w);
        assertThat(OnnxParity.check(onnx, images, scores, embeddings).within(1e-4)).isTrue();
        scores[1] += 0.01f;
        ParityReport off = OnnxParity.check(onnx, images, scores, embeddings);
        assertThat(off.maxScoreDiff()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(off.within(1e-4)).isFalse();
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
        }
        return v;
    }
}

package dev.loupe.train.cnn;

import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.inference.TensorSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CnnTrainerTest {

    private static final int SIZE = 32;
    private static final CnnParams PARAMS = CnnParams.defaults().withInputSize(SIZE).withMaxEpochs(12).withPatience(3);

    private static ImageTensors validation;
    private static TrainedCnn trained;
    private static final List<EpochProgress> reported = new ArrayList<>();

    @BeforeAll
    static void trainOnce() {
        ImageTensors train = BlobDefects.generate(600, 3, SIZE, 1);
        validation = BlobDefects.generate(200, 3, SIZE, 2);
        trained = new CnnTrainer(PARAMS).train(train, validation, reported::add);
    }

    @Test
    void train_blobDefects_reachesValidationAurocAbove95() {
        assertThat(trained.validationAuroc()).isGreaterThan(0.95);
        assertThat(CnnTrainer.auroc(trained.validationScores(), validation.labels())).isEqualTo(trained.validationAuroc());
    }

    @Test
    void train_keepsTheBestEpochsWeights() {
        double best = trained.history().stream().mapToDouble(EpochProgress::validationAuroc).max().orElseThrow();
        assertThat(trained.history().get(trained.bestEpoch() - 1).validationAuroc()).isEqualTo(best);
        assertThat(trained.history().get(trained.bestEpoch() - 1).best()).isTrue();
    }

    @Test
    void train_oneFlipView_keptAurocIsTheBestEpochs() {
        CnnParams oneView = CnnParams.defaults().withInputSize(SIZE).withMaxEpochs(3).withFlipViews(1);
        ImageTensors train = BlobDefects.generate(128, 3, SIZE, 8);
        TrainedCnn t = new CnnTrainer(oneView).train(train, validation, ProgressListener.NONE);
        double best = t.history().stream().mapToDouble(EpochProgress::validationAuroc).max().orElseThrow();
        assertThat(t.validationAuroc()).isEqualTo(best);
        assertThat(t.parity().maxScoreDiff()).isLessThanOrEqualTo(CnnTrainer.PARITY_TOLERANCE);
    }

    @Test
    void train_reportsEveryEpochInOrder() {
        assertThat(reported).isEqualTo(trained.history());
        assertThat(reported).extracting(EpochProgress::epoch).isEqualTo(
                java.util.stream.IntStream.rangeClosed(1, reported.size()).boxed().toList());
        assertThat(reported.size()).isBetween(1, PARAMS.maxEpochs());
        // on two PyTorch threads a busy machine can change a trajectory, and this small set's one diverged (loss NaN)
        // at epoch 3 in a CI run: a diverged epoch ends training, so only the last epoch may have no finite loss
        assertThat(reported.subList(0, reported.size() - 1)).allSatisfy(p -> assertThat(p.trainLoss()).isFinite().isPositive());
        EpochProgress last = reported.getLast();
        if (!Double.isFinite(last.trainLoss())) {
            assertThat(last.best()).isFalse();
        }
        assertThat(reported).allSatisfy(p -> {
            assertThat(p.eta().isNegative()).isFalse();
            assertThat(p.line()).startsWith("epoch " + p.epoch() + "/" + PARAMS.maxEpochs());
        });
        assertThat(reported.getLast().eta().isZero() || reported.size() < PARAMS.maxEpochs()).isTrue();
    }

    @Test
    void train_exportMatchesTrainedNetworkInOnnxRuntime() {
        assertThat(trained.parity().samples()).isEqualTo(validation.size());
        assertThat(trained.parity().maxScoreDiff()).isLessThanOrEqualTo(CnnTrainer.PARITY_TOLERANCE);
        assertThat(trained.parity().maxEmbeddingDiff()).isLessThanOrEqualTo(CnnTrainer.PARITY_TOLERANCE);
    }

    @Test
    void export_givesScoreAndEmbeddingWithTheirShapes() throws Exception {
        int d = trained.weights().embeddingSize();
        assertThat(d).isEqualTo(2 * PARAMS.channels()[PARAMS.channels().length - 1]);
        try (OnnxModel model = OnnxModel.load(trained.onnx(), 1)) {
            assertThat(model.inputs()).containsExactly(new TensorSpec("image", dev.loupe.core.inference.DataType.FP32,
                    new long[] {-1, 3, SIZE, SIZE}));
            assertThat(model.outputs()).extracting(TensorSpec::name).containsExactly("score", "embedding");
            float[] five = Arrays.copyOf(validation.data(), 5 * validation.imageLength());
            Map<String, Tensor> out = model.run(Map.of("image", Tensor.ofFloats(five, 5, 3, SIZE, SIZE)), Set.of());
            assertThat(out.get("score").shape()).containsExactly(5, 1);
            assertThat(out.get("embedding").shape()).containsExactly(5, d);
            float[] scores = ((Tensor.Numeric) out.get("score")).floats();
            for (int i = 0; i < 5; i++) {
                assertThat(scores[i]).isBetween(0f, 1f).isCloseTo(trained.validationScores()[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void train_recordsLibraryVersions() {
        assertThat(trained.libraries()).containsEntry("djl", "0.35.1").containsEntry("pytorch", "2.7.1");
    }

    @Test
    void train_sameSeed_sameScores() {
        CnnParams small = CnnParams.defaults().withInputSize(SIZE).withMaxEpochs(2).withSeed(7);
        ImageTensors train = BlobDefects.generate(128, 1, SIZE, 3);
        ImageTensors val = BlobDefects.generate(64, 1, SIZE, 4);
        float[] first = new CnnTrainer(small).train(train, val, ProgressListener.NONE).validationScores();
        float[] second = new CnnTrainer(small).train(train, val, ProgressListener.NONE).validationScores();
        float[] otherSeed = new CnnTrainer(small.withSeed(8)).train(train, val, ProgressListener.NONE).validationScores();
        assertThat(maxAbsDiff(first, second)).isLessThanOrEqualTo(CnnTrainer.REPRODUCIBLE_WITHIN);
        assertThat(maxAbsDiff(first, otherSeed)).isGreaterThan(1e-3);
    }

    @Test
    void train_imagesOfAnotherSize_areRejected() {
        ImageTensors big = BlobDefects.generate(8, 3, 2 * SIZE, 5);
        assertThatThrownBy(() -> new CnnTrainer(PARAMS).train(big, big, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64x64").hasMessageContaining("32x32");
    }

    @Test
    void train_validationWithoutDefects_isRejected() {
        ImageTensors train = BlobDefects.generate(16, 3, SIZE, 6);
        ImageTensors allOk = new ImageTensors(train.data(), new int[16], 3, SIZE, SIZE);
        assertThatThrownBy(() -> new CnnTrainer(PARAMS).train(train, allOk, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation set needs both");
    }

    @Test
    void train_interrupted_stopsWithCancellation() {
        ImageTensors train = BlobDefects.generate(64, 1, SIZE, 7);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new CnnTrainer(PARAMS).train(train, train, ProgressListener.NONE))
                    .isInstanceOf(CancellationException.class);
        } finally {
            Thread.interrupted();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

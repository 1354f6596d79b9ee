package dev.loupe.train.cnn;

import com.sun.management.OperatingSystemMXBean;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training speed and inference latency of the CNN at its default size: 2,000 training and 500
 * validation images of 3×64×64 ({@link BlobDefects}), default parameters. Prints one line per epoch,
 * then the totals, the parity figures and ONNX Runtime's latency per image (one thread, batch 1 and 64).
 * Figures go in {@code docs/benchmarks.md}.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl loupe-train -am verify -Dloupe.bench=cnn -Dtest=CnnTrainingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; add {@code -Dai.djl.pytorch.num_threads=2} to train on two
 * PyTorch threads instead of one.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "cnn")
class CnnTrainingBenchmark {

    @Test
    void bench_2000ImagesAt64() throws Exception {
        ImageTensors train = BlobDefects.generate(2000, 3, 64, 11);
        ImageTensors validation = BlobDefects.generate(500, 3, 64, 12);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        TrainedCnn t = new CnnTrainer(CnnParams.defaults()).train(train, validation, p -> System.out.println(p.line()));
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        double[] epochSeconds = t.history().stream().mapToDouble(p -> p.epochTime().toMillis() / 1000.0).sorted().toArray();
        System.out.printf(Locale.ROOT, "train: %d epochs (best %d), %.1f s wall, %.1f s CPU, median epoch %.2f s, val AUROC %.4f,"
                        + " %s PyTorch thread(s)%n", t.epochs(), t.bestEpoch(), t.trainingTime().toMillis() / 1000.0, cpuSeconds,
                epochSeconds[epochSeconds.length / 2], t.validationAuroc(), System.getProperty("ai.djl.pytorch.num_threads"));
        System.out.printf(Locale.ROOT, "parity: max |score diff| %.3g, max embedding diff %.3g over %d images; model %d bytes%n",
                t.parity().maxScoreDiff(), t.parity().maxEmbeddingDiff(), t.parity().samples(), t.onnx().length);
        try (OnnxModel model = OnnxModel.load(t.onnx(), 1)) {
            int len = validation.imageLength();
            for (int batch : new int[] {1, 64}) {
                Tensor x = Tensor.ofFloats(Arrays.copyOf(validation.data(), batch * len), batch, 3, 64, 64);
                int runs = 4000 / batch;
                for (int i = 0; i < runs / 4; i++) {
                    model.run(Map.of("image", x), Set.of());
                }
                long[] nanos = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long s = System.nanoTime();
                    model.run(Map.of("image", x), Set.of());
                    nanos[i] = System.nanoTime() - s;
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "ORT 1 thread, batch %d: median %.3f ms/image, p99 %.3f ms/image%n",
                        batch, nanos[runs / 2] / 1e6 / batch, nanos[runs * 99 / 100] / 1e6 / batch);
            }
        }
        assertThat(t.validationAuroc()).isGreaterThan(0.95);
    }
}

package dev.loupe.train.baseline;

import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.Tensor;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.Preprocessor;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.train.LineDataset;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.TrainingResult;
import dev.loupe.train.eval.Evaluation;
import dev.loupe.train.eval.Evaluator;
import dev.loupe.train.eval.ScoredSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline on the synthetic production line at the default project's input (3×128×128): trains on
 * the 60% training share of 2,000 stable frames (seed 7, default target recall 0.98), evaluates on 2,000
 * fresh frames (seed 8), and prints AUROC, recall by defect type and severity at the trained threshold
 * and at a 5% false-reject rate, and ONNX Runtime's latency and CPU time per image (one thread, batch 1
 * and 64).
 * Figures go in {@code docs/benchmarks.md}.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl loupe-train -am verify -Dloupe.bench=baseline -Dtest=BaselineBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "baseline")
class BaselineBenchmark {

    @TempDir
    Path dir;

    @Test
    void bench_freshFramesAt128() throws Exception {
        try (FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"))) {
            TrainingData train = LineDataset.create(blobs, 2000, 128, 7);
            TrainingData fresh = LineDataset.create(blobs, 2000, 128, 8);
            long t0 = System.nanoTime();
            TrainingResult result = new BaselineTrainer(Clock.systemUTC()).train(train, Map.of(), 1, Progress.NONE);
            System.out.printf(Locale.ROOT, "trained on %d frames in %.1f s; threshold %.4f%n",
                    train.split(dev.loupe.core.dataset.Split.TRAIN).size(), (System.nanoTime() - t0) / 1e9,
                    result.model().descriptor().threshold());
            try (ImageClassifier c = ImageClassifier.load(result.model(), 1)) {
                Evaluation e = new Evaluator(4).evaluate(c, fresh.dataset(), "fresh", fresh.samples(), blobs, 0.98);
                System.out.printf(Locale.ROOT, "fresh frames: %d, AUROC %.3f, AP %.3f%n", e.scored().size(),
                        e.overall().auroc(), e.overall().averagePrecision());
                report(e.scored(), result.model().descriptor().threshold(), "the trained threshold");
                report(e.scored(), thresholdForFalseRejects(e.scored(), 0.05), "a 5% false-reject rate");
                latency(c, fresh);
                assertThat(e.overall().auroc()).isGreaterThan(0.8);
            }
        }
    }

    private static void report(List<ScoredSample> scored, double threshold, String at) {
        System.out.printf(Locale.ROOT, "at %s (%.4f): recall %.3f, false-reject rate %.3f%n", at, threshold,
                share(scored, ScoredSample::positive, threshold), share(scored, s -> !s.positive(), threshold));
        for (String type : List.of("scratch", "dent", "pits", "discoloration")) {
            System.out.printf(Locale.ROOT, "  %-14s recall %.3f%n", type,
                    share(scored, s -> type.equals(s.sample().metadata().get("defect_type")), threshold));
        }
        Predicate<ScoredSample> falseReject = s -> !s.positive() && s.score() >= threshold;
        System.out.printf(Locale.ROOT, "  false rejects: %.2f with 2+ dust specks (%.2f of good parts), %.2f with glare (%.2f)%n",
                share(scored, falseReject, s -> dust(s) >= 2), share(scored, s -> !s.positive(), s -> dust(s) >= 2),
                share(scored, falseReject, s -> glare(s) > 0), share(scored, s -> !s.positive(), s -> glare(s) > 0));
        for (String variant : List.of("graphite", "silver", "blue")) {
            System.out.printf(Locale.ROOT, "  %-14s false-reject rate %.3f%n", variant,
                    share(scored, s -> !s.positive() && variant.equals(s.sample().metadata().get("variant")), threshold));
        }
        double[] bands = {0.05, 0.15, 0.3, 0.5, 1.01};
        for (int i = 0; i + 1 < bands.length; i++) {
            double lo = bands[i];
            double hi = bands[i + 1];
            System.out.printf(Locale.ROOT, "  size %.2f-%.2f  recall %.3f%n", lo, Math.min(hi, 1), share(scored, s -> {
                double size = Double.parseDouble(s.sample().metadata().get("defect_size"));
                return s.positive() && size >= lo && size < hi;
            }, threshold));
        }
    }

    /** Share of the selected samples scored at or above the threshold (rejected). */
    private static double share(List<ScoredSample> scored, Predicate<ScoredSample> which, double threshold) {
        long n = scored.stream().filter(which).count();
        return (double) scored.stream().filter(which).filter(s -> s.score() >= threshold).count() / n;
    }

    /** Share of the selected samples that also satisfy {@code which}. */
    private static double share(List<ScoredSample> scored, Predicate<ScoredSample> selected, Predicate<ScoredSample> which) {
        long n = scored.stream().filter(selected).count();
        return (double) scored.stream().filter(selected).filter(which).count() / n;
    }

    private static int dust(ScoredSample s) {
        return Integer.parseInt(s.sample().metadata().get("dust"));
    }

    private static double glare(ScoredSample s) {
        return Double.parseDouble(s.sample().metadata().get("glare"));
    }

    private static double thresholdForFalseRejects(List<ScoredSample> scored, double rate) {
        double[] good = scored.stream().filter(s -> !s.positive()).mapToDouble(ScoredSample::score).sorted().toArray();
        return Math.nextUp(good[(int) Math.floor((1 - rate) * good.length)]);
    }

    private static void latency(ImageClassifier c, TrainingData data) throws Exception {
        Preprocessor p = c.preprocessor();
        int batchMax = 64;
        float[] images = new float[batchMax * p.size()];
        for (int i = 0; i < batchMax; i++) {
            p.apply(data.image(data.samples().get(i)), images, i * p.size());
        }
        // ONNX Runtime with one intra-op thread computes on the calling thread, so its CPU time is the
        // model's cost whatever else the machine runs
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (OnnxModel model = OnnxModel.load(c.modelPackage().onnx(), 1)) {
            for (int batch : new int[]{1, 64}) {
                Tensor x = Tensor.ofFloats(Arrays.copyOf(images, batch * p.size()), batch, 3, p.height(), p.width());
                int runs = 4000 / batch;
                for (int i = 0; i < runs / 4; i++) {
                    model.run(Map.of("image", x), Set.of());
                }
                long[] nanos = new long[runs];
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < runs; i++) {
                    long s = System.nanoTime();
                    model.run(Map.of("image", x), Set.of());
                    nanos[i] = System.nanoTime() - s;
                }
                double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / runs / batch;
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "ORT 1 thread, batch %d: median %.3f ms/image, p99 %.3f ms/image, CPU %.3f ms/image;"
                                + " model %d bytes%n", batch, nanos[runs / 2] / 1e6 / batch, nanos[runs * 99 / 100] / 1e6 / batch,
                        cpuMs, c.modelPackage().onnx().length);
            }
        }
    }
}

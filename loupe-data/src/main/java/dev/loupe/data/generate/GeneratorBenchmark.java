package dev.loupe.data.generate;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Throughput of the generator, step by step: rendering, PNG encoding (this package's {@link PngEncoder}
 * against {@code ImageIO} at its default and at its fastest setting), and a whole
 * {@link DatasetGenerator} run on every core, writing to a temporary directory.
 *
 * <p>Run: {@code ./loupe bench generate [--count N] [--size PX]} (defaults 5000 images of 128 px), or
 * {@code java -cp 'loupe-cli/target/dist/lib/*' dev.loupe.data.generate.GeneratorBenchmark [count] [size]}.
 * Single-thread steps are reported per second of that thread's CPU time, which a busy machine
 * disturbs far less than wall time; the end-to-end run reports both.
 */
public final class GeneratorBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int count;
    private final int size;
    private final PrintWriter out;

    /** @param out where the figures go, one line per step */
    public GeneratorBenchmark(int count, int size, PrintWriter out) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be > 0, got " + count);
        }
        new LineOptions(size, LineOptions.DEFAULT_DEFECT_RATE, count); // validates the size
        this.count = count;
        this.size = size;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        new GeneratorBenchmark(count, size, new PrintWriter(System.out, true)).run();
    }

    /** Runs every step and prints its figure; writes only to a temporary directory it deletes. */
    public void run() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        ProductionLine line = new ProductionLine(Scenario.STABLE, 1, LineOptions.defaults().withSize(size));
        int sample = Math.min(count, 1000);
        BufferedImage[] images = new BufferedImage[sample];
        for (int i = 0; i < sample; i++) {
            images[i] = line.frame(i).image(); // warm-up
        }
        out.printf(Locale.ROOT, "generator benchmark: %d images of %dx%d, %d cores, Java %s%n",
                count, size, size, cores, Runtime.version());
        time("render (1 thread)", sample, i -> images[i] = line.frame(i).image());
        encode("PngEncoder Huffman only, Sub", images, img -> PngEncoder.fast().encode(img));
        encode("PngEncoder level 1, Sub filter", images, img -> new PngEncoder(1).encode(img));
        encode("PngEncoder level 6, Sub filter", images, img -> new PngEncoder(6).encode(img));
        encode("ImageIO default", images, img -> imageIo(img, -1));
        encode("ImageIO fastest (quality 1.0)", images, img -> imageIo(img, 1.0f));

        Path dir = Files.createTempDirectory("loupe-generate-bench");
        try {
            GenerateRequest request = GenerateRequest.of(dir, count, Scenario.STABLE).withSize(size).withThreads(cores);
            DatasetGenerator.generate(request.withCount(Math.min(count, 500)).withOverwrite(true)); // warm-up
            long cpuStart = processCpuNanos();
            GenerationSummary s = DatasetGenerator.generate(request.withOverwrite(true));
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            out.printf(Locale.ROOT, "%-38s %9.0f images/s wall (%d images, %d threads, to disk); "
                            + "%.0f images per process-CPU-s, so %.0f images/s on %d idle cores%n",
                    "generate end to end", s.imagesPerSecond(), s.count(), cores, s.count() / cpuSeconds,
                    cores * s.count() / cpuSeconds, cores);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void encode(String name, BufferedImage[] images, Function<BufferedImage, byte[]> encoder) {
        long[] bytes = {0};
        for (BufferedImage img : images) {
            encoder.apply(img); // warm-up
        }
        double perSecond = time(null, images.length, i -> bytes[0] += encoder.apply(images[i]).length);
        out.printf(Locale.ROOT, "%-38s %9.0f images/CPU-s %7.0f bytes/image%n",
                "encode: " + name, perSecond, (double) bytes[0] / images.length);
    }

    /** Runs the task n times on this thread; returns images per second of this thread's CPU time. */
    private double time(String name, int n, java.util.function.IntConsumer task) {
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            task.accept(i);
        }
        double perCpuSecond = n / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        double perWallSecond = n / ((System.nanoTime() - start) / 1e9);
        if (name != null) {
            out.printf(Locale.ROOT, "%-38s %9.0f images/CPU-s (%.0f/s wall, 1 thread)%n",
                    name, perCpuSecond, perWallSecond);
        }
        return perCpuSecond;
    }

    private static byte[] imageIo(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality >= 0) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

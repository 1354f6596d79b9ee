package dev.loupe.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TIFF decoding time of {@link Images#decode} against the JDK's reader alone and against what decode did before
 * {@link TiffInflater} (the short-strip check, then the JDK's reader), side by side in one JVM: each round decodes
 * every file each way, and the medians over the rounds are reported. The files are 2448 x 2048 grey and RGB images
 * of smooth shading with a little noise, written by the JDK's writer (Deflate with and without the predictor,
 * LZW, uncompressed), plus every {@code *.tif} in the folder named by {@code loupe.bench.tiffs}, if set. Run with:
 * {@code ./mvnw -q -o -pl loupe-core -am test -Dtest=TiffDecodeBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dloupe.bench=true [-Dloupe.bench.tiffs=/path/to/tiffs]} and read the figures:
 * {@code grep -h bench: loupe-core/target/surefire-reports/TEST-dev.loupe.core.image.TiffDecodeBench.xml}.
 */
@EnabledIfSystemProperty(named = "loupe.bench", matches = "true")
class TiffDecodeBench {
    private static final int WARM_UP = 4;
    private static final int ROUNDS = 11;

    @Test
    void decode_2448x2048Tiffs_beforeAndAfter() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        BufferedImage grey = shaded(BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = shaded(BufferedImage.TYPE_3BYTE_BGR);
        for (var e : Map.of("grey", grey, "RGB", rgb).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            files.put(e.getKey() + ", Deflate + predictor (JDK writer)",
                    BrokenImages.predictedTiff(e.getValue(), "Deflate", ByteOrder.BIG_ENDIAN));
            files.put(e.getKey() + ", Deflate (JDK writer)", BrokenImages.tiff(e.getValue(), "Deflate"));
            files.put(e.getKey() + ", LZW (JDK writer)", BrokenImages.tiff(e.getValue(), "LZW"));
            files.put(e.getKey() + ", uncompressed (JDK writer)", BrokenImages.tiff(e.getValue(), null));
        }
        String folder = System.getProperty("loupe.bench.tiffs", "");
        if (!folder.isEmpty()) {
            try (Stream<Path> tiffs = Files.list(Path.of(folder))) {
                for (Path p : tiffs.filter(p -> p.toString().endsWith(".tif")).sorted().toList()) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        Map<String, long[][]> nanos = new LinkedHashMap<>();
        files.keySet().forEach(k -> nanos.put(k, new long[3][ROUNDS]));
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            for (var f : files.entrySet()) {
                byte[] b = f.getValue();
                long t0 = System.nanoTime();
                BufferedImage jdk = jdkRead(b);
                long t1 = System.nanoTime();
                BufferedImage before = checkThenJdkRead(b);
                long t2 = System.nanoTime();
                BufferedImage after = Images.decode(b);
                long t3 = System.nanoTime();
                if (round < 0) {
                    assertThat(ImagesTest.samples(after)).as(f.getKey()).isEqualTo(ImagesTest.samples(before))
                            .isEqualTo(ImagesTest.samples(jdk));
                    assertThat(after.getType()).as(f.getKey()).isEqualTo(before.getType());
                } else {
                    long[][] n = nanos.get(f.getKey());
                    n[0][round] = t1 - t0;
                    n[1][round] = t2 - t1;
                    n[2][round] = t3 - t2;
                }
            }
        }
        System.out.printf("bench: median of %d rounds after %d warm-up, ms: JDK reader alone | before (check + JDK reader)"
                        + " | after (Images.decode) | after/before; %d cores, load %.1f, %s%n", ROUNDS, WARM_UP,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.version());
        for (var f : files.entrySet()) {
            long[][] n = nanos.get(f.getKey());
            double jdk = median(n[0]);
            double before = median(n[1]);
            double after = median(n[2]);
            System.out.printf("bench: %s (%d KB): %.1f | %.1f | %.1f | %.2f%n", f.getKey(), f.getValue().length / 1024,
                    jdk, before, after, after / before);
        }
    }

    /** Smooth shading with a little noise, as a lit part looks to a camera; it compresses about as a plasma does. */
    private static BufferedImage shaded(int type) {
        BufferedImage img = new BufferedImage(2448, 2048, type);
        Random random = new Random(1);
        int bands = img.getRaster().getNumBands();
        int[] row = new int[2448 * bands];
        for (int y = 0; y < 2048; y++) {
            for (int x = 0; x < 2448; x++) {
                for (int b = 0; b < bands; b++) {
                    double v = 128 + 60 * Math.sin(x / (90.0 + 20 * b)) * Math.cos(y / 70.0) + 30 * Math.sin((x + y) / 400.0);
                    row[x * bands + b] = (int) Math.max(0, Math.min(255, v + random.nextGaussian() * 2));
                }
            }
            img.getRaster().setPixels(0, y, 2448, 1, row);
        }
        return img;
    }

    /** What {@link Images#decode} did for a TIFF before {@link TiffInflater}: the short-strip check, then the reader. */
    private static BufferedImage checkThenJdkRead(byte[] tiff) throws Exception {
        TiffLayout layout = TiffLayout.of(tiff);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                reader.getWidth(0);
                assertThat(layout.cutShort(tiff)).isEmpty();
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage jdkRead(byte[] tiff) throws Exception {
        return TiffInflaterTest.jdkRead(tiff);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}

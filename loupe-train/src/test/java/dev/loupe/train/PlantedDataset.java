package dev.loupe.train;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.store.BlobStore;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A dataset with planted defects for tests: noisy grayscale surfaces under varying lighting; a defect is
 * a short dark or bright scratch. Metadata: {@code lighting} (numeric, the surface brightness) and
 * {@code variant} (a or b). Splits by index: 60% train, 20% validation, 20% test.
 */
public final class PlantedDataset {
    private PlantedDataset() {
    }

    public static TrainingData create(BlobStore blobs, int n, int size, long seed) {
        Random rnd = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean defect = rnd.nextDouble() < 0.4;
            double light = 0.3 + 0.5 * rnd.nextDouble();
            BufferedImage img = surface(rnd, size, light);
            if (defect) {
                scratch(rnd, img);
            }
            byte[] png = png(img);
            Split split = i % 5 < 3 ? Split.TRAIN : i % 5 == 3 ? Split.VALIDATION : Split.TEST;
            Map<String, String> meta = new HashMap<>();
            meta.put("lighting", String.format(Locale.ROOT, "%.3f", light));
            meta.put("variant", i % 2 == 0 ? "a" : "b");
            String label = defect ? "defect" : "ok";
            samples.add(new Sample(String.format("%s/%04d.png", label, i), blobs.put(png), Optional.of(label), Map.of(),
                    split, meta, new Sample.ImageInfo.Decoded("png", size, size, 1, ImageStats.of(img))));
        }
        return new TrainingData("planted@0123abcd", samples, blobs, List.of("ok", "defect"), "defect", size, size,
                ModelDescriptor.Colour.GRAYSCALE);
    }

    private static BufferedImage surface(Random rnd, int size, double light) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        double gx = (rnd.nextDouble() - 0.5) * 0.1;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = light + gx * x / size + rnd.nextGaussian() * 0.02;
                img.getRaster().setSample(x, y, 0, clamp(v));
            }
        }
        return img;
    }

    private static void scratch(Random rnd, BufferedImage img) {
        int size = img.getWidth();
        double angle = rnd.nextDouble() * Math.PI;
        int len = 8 + rnd.nextInt(12);
        double cx = size * (0.25 + 0.5 * rnd.nextDouble());
        double cy = size * (0.25 + 0.5 * rnd.nextDouble());
        double delta = (rnd.nextBoolean() ? 1 : -1) * (0.12 + 0.1 * rnd.nextDouble());
        for (int t = -len / 2; t <= len / 2; t++) {
            int x = (int) Math.round(cx + t * Math.cos(angle));
            int y = (int) Math.round(cy + t * Math.sin(angle));
            if (x >= 0 && y >= 0 && x < size && y < size) {
                double v = img.getRaster().getSample(x, y, 0) / 255.0 + delta;
                img.getRaster().setSample(x, y, 0, clamp(v));
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

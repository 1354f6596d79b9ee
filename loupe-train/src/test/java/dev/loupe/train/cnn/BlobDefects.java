package dev.loupe.train.cnn;

import java.util.Random;

/**
 * A synthetic inspection set made in memory: textured parts under varying light, a defect being a
 * small bright blob somewhere on the part. About one image in four is a defect.
 */
final class BlobDefects {
    private BlobDefects() {
    }

    static ImageTensors generate(int n, int channels, int size, long seed) {
        Random r = new Random(seed);
        float[] data = new float[n * channels * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(4) == 0 ? 1 : 0;
            double light = r.nextGaussian() * 0.3;
            double gx = r.nextGaussian() * 0.01;
            double gy = r.nextGaussian() * 0.01;
            double cx = size * (0.15 + 0.7 * r.nextDouble());
            double cy = size * (0.15 + 0.7 * r.nextDouble());
            double sigma = size / 32.0 * (1 + r.nextDouble());
            double amplitude = 1.2 + 0.6 * r.nextDouble();
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = light + gx * x + gy * y + r.nextGaussian() * 0.25;
                        if (labels[i] == 1) {
                            double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                            v += amplitude * Math.exp(-d2 / (2 * sigma * sigma));
                        }
                        data[((i * channels + c) * size + y) * size + x] = (float) v;
                    }
                }
            }
        }
        return new ImageTensors(data, labels, channels, size, size);
    }
}

package dev.loupe.data.generate;

/** Separable Gaussian blur of square planes, edges clamped: the camera's focus. */
final class Blur {
    private Blur() {
    }

    /** Blurs each {@code n x n} plane in place with standard deviation {@code sigma} pixels (no-op below 0.05). */
    static void gaussian(float[][] planes, int n, double sigma) {
        if (sigma < 0.05) {
            return;
        }
        int radius = Math.min(n - 1, Math.max(1, (int) Math.ceil(3 * sigma)));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double w = StrictMath.exp(-(i * i) / (2 * sigma * sigma));
            kernel[i + radius] = (float) w;
            sum += w;
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) (kernel[i] / sum);
        }
        float[] tmp = new float[n * n];
        for (float[] plane : planes) {
            horizontal(plane, tmp, n, kernel, radius);
            vertical(tmp, plane, n, kernel, radius);
        }
    }

    /** Kernel tap by kernel tap over a whole row, so the inner loop vectorises; edge pixels clamp. */
    private static void horizontal(float[] src, float[] dst, int n, float[] kernel, int radius) {
        for (int y = 0; y < n; y++) {
            int row = y * n;
            java.util.Arrays.fill(dst, row, row + n, 0f);
            for (int k = -radius; k <= radius; k++) {
                float w = kernel[k + radius];
                for (int x = radius; x < n - radius; x++) {
                    dst[row + x] += w * src[row + x + k];
                }
            }
            for (int x = 0; x < n; x++) {
                if (x == radius && n - radius > radius) {
                    x = n - radius;
                }
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * src[row + Math.min(n - 1, Math.max(0, x + k))];
                }
                dst[row + x] = acc;
            }
        }
    }

    /** Row by row, so the inner loop runs along contiguous memory. */
    private static void vertical(float[] src, float[] dst, int n, float[] kernel, int radius) {
        for (int y = 0; y < n; y++) {
            int out = y * n;
            java.util.Arrays.fill(dst, out, out + n, 0f);
            for (int k = -radius; k <= radius; k++) {
                int in = Math.min(n - 1, Math.max(0, y + k)) * n;
                float w = kernel[k + radius];
                for (int x = 0; x < n; x++) {
                    dst[out + x] += w * src[in + x];
                }
            }
        }
    }
}

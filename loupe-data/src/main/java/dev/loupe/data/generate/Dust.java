package dev.loupe.data.generate;

import java.util.SplittableRandom;

/**
 * Dust specks and lint on the part and the belt: small soft spots that are <em>not</em> defects. Most are
 * dark grit, some light fibres; each is isolated and soft-edged, where pits are clustered and crisp.
 */
final class Dust {
    private Dust() {
    }

    /** Sprinkles {@code count} specks over lit planes (0..1 per channel, {@code n x n}). */
    static void sprinkle(float[][] planes, int n, int count, double lighting, SplittableRandom r) {
        for (int k = 0; k < count; k++) {
            double x = r.nextDouble(0, n), y = r.nextDouble(0, n);
            double radius = r.nextDouble(0.004, 0.012) * n;
            boolean light = r.nextDouble() < 0.3;
            double strength = r.nextDouble(0.25, 0.5);
            int x0 = Math.max(0, (int) (x - 3 * radius)), x1 = Math.min(n - 1, (int) (x + 3 * radius));
            int y0 = Math.max(0, (int) (y - 3 * radius)), y1 = Math.min(n - 1, (int) (y + 3 * radius));
            for (int py = y0; py <= y1; py++) {
                for (int px = x0; px <= x1; px++) {
                    double dx = (px + 0.5 - x) / radius, dy = (py + 0.5 - y) / radius;
                    double q = dx * dx + dy * dy;
                    if (q >= 9) {
                        continue;
                    }
                    double p = strength * StrictMath.exp(-q);
                    int i = py * n + px;
                    for (int c = 0; c < 3; c++) {
                        float v = planes[c][i];
                        planes[c][i] = (float) (light ? v + p * (0.8 * lighting - v) : v * (1 - p));
                    }
                }
            }
        }
    }
}

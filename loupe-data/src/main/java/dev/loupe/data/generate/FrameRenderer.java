package dev.loupe.data.generate;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Renders a frame from its {@link Factors}: a phone back cover on a conveyor belt, seen from above.
 *
 * <p>Pipeline, in linear 0..1 floats per channel: belt, then the product (rounded rectangle with a lit
 * rim and a camera bump, rotated and offset) with its defect mark, the lamp (level times a linear
 * gradient), a specular glare patch on the part, dust specks over everything, Gaussian blur, sensor
 * noise, 8-bit quantisation. Only arithmetic and {@link StrictMath}, so the bytes are the same on every
 * JVM. Thread-safe: no mutable state.
 */
final class FrameRenderer {
    // product geometry, in units of the image width
    private static final double HALF_W = 0.27;
    private static final double HALF_H = 0.40;
    private static final double CORNER = 0.07;
    private static final double RIM = 0.012;
    private static final double[] LENSES = {-0.027, 0.027};

    private final int size;

    FrameRenderer(int size) {
        this.size = size;
    }

    /**
     * @param r            the frame's scene details: lamp direction, belt, glare shape, dust, noise
     * @param defectRandom the defect mark's geometry, a stream of its own so that the same frame with and
     *                     without its defect differs only where the defect is
     */
    BufferedImage render(Factors f, SplittableRandom r, SplittableRandom defectRandom) {
        int n = size;
        double lightAngle = r.nextDouble(0, 2 * StrictMath.PI);
        double beltPhase = r.nextDouble();
        double glareU = r.nextDouble(-0.7, 0.7) * HALF_W, glareV = r.nextDouble(-0.7, 0.7) * HALF_H;
        double glareRu = r.nextDouble(0.06, 0.15), glareRv = r.nextDouble(0.02, 0.05);
        double glareAngle = r.nextDouble(0, StrictMath.PI);
        Variant variant = f.variant();
        DefectMark mark = f.defective()
                ? DefectMark.of(f.defectType(), f.defectSize(), defectRandom, HALF_W, HALF_H, variant.luma()) : null;

        double theta = StrictMath.toRadians(f.rotation());
        double cos = StrictMath.cos(theta), sin = StrictMath.sin(theta);
        double cx = 0.5 + f.offsetX(), cy = 0.5 + f.offsetY();
        double lightCos = StrictMath.cos(lightAngle), lightSin = StrictMath.sin(lightAngle);
        double gCos = StrictMath.cos(glareAngle), gSin = StrictMath.sin(glareAngle);

        float[][] planes = new float[3][n * n];
        double[] rgb = new double[3];
        double[] product = new double[3];
        double[] albedo = {variant.red(), variant.green(), variant.blue()};
        // pixels outside the rotated product's bounding box (plus a pixel) are belt only
        double extentX = HALF_W * Math.abs(cos) + HALF_H * Math.abs(sin);
        double extentY = HALF_W * Math.abs(sin) + HALF_H * Math.abs(cos);
        int xMin = (int) Math.floor((cx - extentX) * n) - 1, xMax = (int) Math.ceil((cx + extentX) * n) + 1;
        int yMin = (int) Math.floor((cy - extentY) * n) - 1, yMax = (int) Math.ceil((cy + extentY) * n) + 1;
        for (int y = 0; y < n; y++) {
            double py = (y + 0.5) / n;
            boolean rowHasProduct = y >= yMin && y <= yMax;
            double seam = frac(py / 0.22 + beltPhase) < 0.04 ? 0.65 : 1.0;
            for (int x = 0; x < n; x++) {
                double px = (x + 0.5) / n;
                double dx = px - cx, dy = py - cy;
                double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
                boolean near = rowHasProduct && x >= xMin && x <= xMax;
                double d = near ? roundedBox(u, v, HALF_W, HALF_H, CORNER) : 1.0;
                double alpha = Math.min(1.0, Math.max(0.0, 0.5 - d * n));
                rgb[0] = 0.20 * seam;
                rgb[1] = 0.21 * seam;
                rgb[2] = 0.22 * seam;
                if (alpha > 0) {
                    product(u, v, -d, albedo, mark, product);
                    for (int c = 0; c < 3; c++) {
                        rgb[c] = rgb[c] * (1 - alpha) + product[c] * alpha;
                    }
                }
                double lamp = f.lighting() * (1 + 2 * f.lightingGradient() * ((px - 0.5) * lightCos + (py - 0.5) * lightSin));
                double glare = 0;
                if (f.glare() > 0 && alpha > 0) {
                    double gu = u - glareU, gv = v - glareV;
                    double a = (gu * gCos + gv * gSin) / glareRu, b = (-gu * gSin + gv * gCos) / glareRv;
                    double q = a * a + b * b;
                    glare = q < 9 ? alpha * f.glare() * Math.min(1.0, f.lighting()) * StrictMath.exp(-q) : 0;
                }
                int i = y * n + x;
                for (int c = 0; c < 3; c++) {
                    double lit = rgb[c] * lamp;
                    planes[c][i] = (float) (lit + glare * (1 - lit));
                }
            }
        }
        Dust.sprinkle(planes, n, f.dust(), f.lighting(), r);
        Blur.gaussian(planes, n, f.blur());
        return quantise(planes, n, f.noise(), r);
    }

    /** Writes into {@code c} the unlit colour of the product at (u, v), {@code inside} units from its edge. */
    private static void product(double u, double v, double inside, double[] albedo, DefectMark mark, double[] c) {
        double shade = 1.0 - 0.08 * v / HALF_H;
        for (int k = 0; k < 3; k++) {
            c[k] = albedo[k] * shade;
        }
        // camera bump: a darker rounded square with two lenses, top left of the back
        double bu = u - (-HALF_W + 0.085), bv = v - (-HALF_H + 0.095);
        double bump = roundedBox(bu, bv, 0.055, 0.06, 0.02);
        if (bump < 0) {
            for (int k = 0; k < 3; k++) {
                c[k] = c[k] * 0.75 + 0.03;
            }
            for (double lensV : LENSES) {
                double lr = StrictMath.sqrt(bu * bu + (bv - lensV) * (bv - lensV));
                if (lr < 0.019) {
                    double lens = lr > 0.015 ? 0.35 : 0.05;
                    c[0] = c[1] = c[2] = lens;
                }
            }
        }
        if (mark != null && mark.box().contains(u, v)) {
            mark.apply(u, v, c);
        }
        if (inside < RIM) {
            double rim = 0.12 * (1 - Math.max(inside, 0) / RIM);
            for (int k = 0; k < 3; k++) {
                c[k] += rim * (1 - c[k]);
            }
        }
    }

    /** Signed distance from (u, v) to a rounded rectangle centred at the origin (negative inside). */
    static double roundedBox(double u, double v, double halfW, double halfH, double corner) {
        double qx = Math.abs(u) - halfW + corner, qy = Math.abs(v) - halfH + corner;
        double ox = Math.max(qx, 0), oy = Math.max(qy, 0);
        return StrictMath.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - corner;
    }

    private static double frac(double x) {
        return x - Math.floor(x);
    }

    /**
     * Adds sensor noise and rounds to 8-bit RGB. The noise of each channel is a sum of three 7-bit
     * uniforms (Irwin-Hall, near Gaussian, standard deviation 64.0 units), so one random long serves
     * a whole pixel: nine 7-bit fields.
     */
    private static BufferedImage quantise(float[][] planes, int n, double noise, SplittableRandom r) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double scale = noise / StrictMath.sqrt(3 * (128.0 * 128.0 - 1) / 12);
        float[] red = planes[0], green = planes[1], blue = planes[2];
        for (int i = 0; i < out.length; i++) {
            long bits = r.nextLong();
            int p = 0;
            for (int c = 0; c < 3; c++) {
                long sum = (bits & 0x7f) + ((bits >>> 7) & 0x7f) + ((bits >>> 14) & 0x7f);
                bits >>>= 21;
                float plane = c == 0 ? red[i] : c == 1 ? green[i] : blue[i];
                double value = plane + (sum - 190.5) * scale;
                // the cast truncates towards zero: floor for every value that is not clamped to 0 anyway
                int q = (int) (value * 255 + 0.5);
                p = (p << 8) | (q < 0 ? 0 : Math.min(q, 255));
            }
            out[i] = p;
        }
        return img;
    }
}

package dev.loupe.core.model;

import dev.loupe.core.image.DecodedImage;
import dev.loupe.core.image.Images;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Turns an image into a model's input tensor exactly as the descriptor says. Training, evaluation,
 * serving, the edge agent and batch scoring all go through this class.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>Pixels to channel planes of values 0..255: R, G, B for {@code RGB} (a grayscale image gives
 *       the same plane three times); for {@code GRAYSCALE}, a grayscale image's own values, a colour
 *       image's luma 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, unrounded). Alpha is ignored; 16-bit
 *       grayscale is scaled to 0..255 (divided by 257).</li>
 *   <li>Resize each plane to width x height by bilinear interpolation with half-pixel centres (as
 *       OpenCV's {@code INTER_LINEAR} and PyTorch's {@code interpolate(align_corners=False)} without
 *       antialiasing): output pixel x samples source coordinate {@code (x + 0.5) * srcW / dstW - 0.5},
 *       clamped to the image. An image already at the input size is unchanged.</li>
 *   <li>Normalise: {@code (v * scale - mean[c]) / std[c]}.</li>
 *   <li>Lay out as C, H, W (planar, row-major): the NCHW layout of one batch element.</li>
 * </ol>
 * Immutable and thread-safe.
 */
public final class Preprocessor {

    private final int width;
    private final int height;
    private final ModelDescriptor.Colour colour;
    private final float[] scale;
    private final float[] offset;

    public Preprocessor(ModelDescriptor.Input input) {
        this.width = input.width();
        this.height = input.height();
        this.colour = input.colour();
        int c = input.channels();
        this.scale = new float[c];
        this.offset = new float[c];
        ModelDescriptor.Normalisation n = input.normalisation();
        for (int i = 0; i < c; i++) {
            // (v * s - m) / d  ==  v * (s / d) - m / d
            scale[i] = (float) (n.scale() / n.std().get(i));
            offset[i] = (float) (n.mean().get(i) / n.std().get(i));
        }
    }

    public int channels() {
        return colour.channels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Floats per image: C * H * W. */
    public int size() {
        return colour.channels * width * height;
    }

    /** The image as one batch element, C * H * W floats. */
    public float[] apply(BufferedImage image) {
        float[] out = new float[size()];
        apply(image, out, 0);
        return out;
    }

    /** Writes the image's C * H * W floats into {@code out} from {@code offset} (to fill a batch in place). */
    public void apply(BufferedImage image, float[] out, int at) {
        apply(new DecodedImage(image), out, at);
    }

    /** {@link #apply(BufferedImage, float[], int)}, reading pixels the per-image statistics may read too. */
    public void apply(DecodedImage image, float[] out, int at) {
        int w = image.width();
        int h = image.height();
        apply(planes(image, w, h), w, h, out, at);
    }

    /**
     * Steps 2 to 4 on channel planes of values 0..255 at {@code w} x {@code h}: one plane (grey) or three (R, G,
     * B; a {@code GRAYSCALE} input takes their luma, as step 1 does with an image's pixels). For a second input
     * size after a first, as a package that resizes inside its graph does.
     */
    public void apply(float[][] planes, int w, int h, float[] out, int at) {
        if (planes.length != 1 && planes.length != 3) {
            throw new IllegalArgumentException("1 or 3 channel planes, got " + planes.length);
        }
        if (colour == ModelDescriptor.Colour.GRAYSCALE && planes.length == 3) {
            float[] luma = new float[w * h];
            for (int i = 0; i < luma.length; i++) {
                luma[i] = (float) (0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i]);
            }
            planes = new float[][]{luma};
        }
        int plane = width * height;
        for (int c = 0; c < colour.channels; c++) {
            float[] src = planes[colour == ModelDescriptor.Colour.RGB && planes.length == 1 ? 0 : c];
            int base = at + c * plane;
            if (w == width && h == height) {
                for (int i = 0; i < plane; i++) {
                    out[base + i] = src[i] * scale[c] - offset[c];
                }
            } else {
                resize(src, w, h, out, base, scale[c], offset[c]);
            }
        }
    }

    /** Channel planes at source resolution: 1 plane for grayscale sources or a GRAYSCALE input, else 3. */
    private float[][] planes(DecodedImage decoded, int w, int h) {
        int n = w * h;
        BufferedImage image = decoded.image();
        if (Images.channels(image) == 1) {
            Raster r = image.getRaster();
            float div = r.getTransferType() == DataBuffer.TYPE_USHORT ? 257f : 1f;
            float[] gray = new float[n];
            r.getSamples(0, 0, w, h, 0, gray);
            if (div != 1f) {
                for (int i = 0; i < n; i++) {
                    gray[i] /= div;
                }
            }
            return new float[][]{gray};
        }
        int[] argb = decoded.argb();
        if (colour == ModelDescriptor.Colour.GRAYSCALE) {
            float[] luma = new float[n];
            for (int i = 0; i < n; i++) {
                int p = argb[i];
                luma[i] = (float) (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
            }
            return new float[][]{luma};
        }
        float[] r = new float[n];
        float[] g = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            r[i] = (p >> 16) & 0xff;
            g[i] = (p >> 8) & 0xff;
            b[i] = p & 0xff;
        }
        return new float[][]{r, g, b};
    }

    private void resize(float[] src, int sw, int sh, float[] out, int base, float s, float o) {
        double fx = (double) sw / width;
        double fy = (double) sh / height;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] wx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = Math.min(Math.max((x + 0.5) * fx - 0.5, 0), sw - 1);
            x0[x] = (int) sx;
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            wx[x] = (float) (sx - x0[x]);
        }
        for (int y = 0; y < height; y++) {
            double sy = Math.min(Math.max((y + 0.5) * fy - 0.5, 0), sh - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, sh - 1);
            float wy = (float) (sy - y0);
            int r0 = y0 * sw;
            int r1 = y1 * sw;
            int row = base + y * width;
            for (int x = 0; x < width; x++) {
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * wx[x];
                float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * wx[x];
                out[row + x] = (top + (bottom - top) * wy) * s - o;
            }
        }
    }
}

package dev.loupe.train.cnn;

/**
 * The detail channels the network reads next to the image's own: {@code GAIN · (x − blur(x))} per channel,
 * the blur a separable Gaussian (radius {@code ceil(3σ)}, zero padding, rows then columns), the same
 * operation the exported ONNX graph performs on the raw input ({@link OnnxExporter}). Computed once per
 * training image in Java instead of in every training step.
 *
 * <p>Why that is allowed with the default augmentation: the kernel is symmetric, so the blur commutes with
 * flips; and a change {@code x' = a·x + d} of one channel (contrast and brightness) changes its detail to
 * {@code a·detail(x) + d·edge}, where {@link #edge} is {@code GAIN · (1 − blur(1))}, non-zero only near the
 * border because of the zero padding. {@link Augmenter} applies that; for rotations, shifts and blurs it
 * recomputes the detail of the augmented image instead ({@link #compute}). The price is memory: the planes
 * with detail are a second copy of the images at twice their size (196 MB for 2,000 RGB images of 64 px).
 */
final class DetailChannels {

    /** Factor on the detail channels, which brings them to about the raw channels' spread. */
    static final float GAIN = 4f;

    private final float[] kernel;
    private final int height;
    private final int width;

    /**
     * @param sigma  the blur's sigma in pixels, > 0
     * @param height image height
     * @param width  image width
     */
    DetailChannels(double sigma, int height, int width) {
        this.kernel = kernel(sigma);
        this.height = height;
        this.width = width;
    }

    /** Normalised 1-D Gaussian of the given sigma, radius ceil(3 sigma). */
    static float[] kernel(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
        }
        return k;
    }

    /** The images with their detail channels appended, each image {@code [x, GAIN · (x − blur(x))]}. */
    static InputPlanes append(ImageTensors t, double sigma) {
        DetailChannels d = new DetailChannels(sigma, t.height(), t.width());
        int c = t.channels();
        int plane = t.height() * t.width();
        float[] out = new float[t.size() * 2 * c * plane];
        float[] tmp = new float[plane];
        for (int i = 0; i < t.size(); i++) {
            System.arraycopy(t.data(), i * c * plane, out, i * 2 * c * plane, c * plane);
            d.compute(out, i * 2 * c * plane, c, tmp);
        }
        return new InputPlanes(out, t.labels(), c, 2 * c, t.height(), t.width());
    }

    /**
     * Writes the detail of the {@code channels} planes at {@code data[offset..]} into the {@code channels}
     * planes that follow them.
     *
     * @param tmp scratch of one plane
     */
    void compute(float[] data, int offset, int channels, float[] tmp) {
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int src = offset + c * plane;
            int dst = offset + (channels + c) * plane;
            blur(data, src, data, dst, tmp);
            for (int i = 0; i < plane; i++) {
                data[dst + i] = (data[src + i] - data[dst + i]) * GAIN;
            }
        }
    }

    /** {@code GAIN · (1 − blur(1))} over one plane: the detail of a constant 1, zero away from the border. */
    float[] edge() {
        int plane = height * width;
        float[] ones = new float[plane];
        java.util.Arrays.fill(ones, 1f);
        float[] e = new float[plane];
        blur(ones, 0, e, 0, new float[plane]);
        for (int i = 0; i < plane; i++) {
            e[i] = (1 - e[i]) * GAIN;
        }
        return e;
    }

    /** Blurs one plane from {@code src[from..]} into {@code dst[to..]}, zero outside the image. */
    private void blur(float[] src, int from, float[] dst, int to, float[] tmp) {
        int r = kernel.length / 2;
        for (int y = 0; y < height; y++) {
            int row = from + y * width;
            for (int x = 0; x < width; x++) {
                float s = 0;
                int lo = Math.max(-r, -x);
                int hi = Math.min(r, width - 1 - x);
                for (int k = lo; k <= hi; k++) {
                    s += kernel[k + r] * src[row + x + k];
                }
                tmp[y * width + x] = s;
            }
        }
        for (int y = 0; y < height; y++) {
            int lo = Math.max(-r, -y);
            int hi = Math.min(r, height - 1 - y);
            for (int x = 0; x < width; x++) {
                float s = 0;
                for (int k = lo; k <= hi; k++) {
                    s += kernel[k + r] * tmp[(y + k) * width + x];
                }
                dst[to + y * width + x] = s;
            }
        }
    }
}

package dev.loupe.train.cnn;

/**
 * What a network that reads its input at half the side sees, built from the full-size image: the image
 * halved by a 2×2 average, its detail channels there ({@link DetailChannels}) when asked for, and the fine
 * detail channels: {@code DetailChannels.GAIN · (l − blur(l))} of the luminance {@code l} at full size,
 * pixel-unshuffled into {@value #PLANES} planes at half the side. So marks finer than a half-size pixel,
 * which the average blurs away, still reach the first convolution, for the cost of 4 more input channels
 * rather than convolutions at full size.
 *
 * <p>Definitions, which the exported graph ({@link OnnxExporter}) follows operator for operator:
 * <ul>
 *   <li>the halving is ONNX AveragePool 2×2 stride 2: what the serving preprocessing gives when it resizes
 *       by half (bilinear with half-pixel centres samples between pixels 2x and 2x+1);</li>
 *   <li>the luminance is {@code 0.299 R + 0.587 G + 0.114 B} of the normalised channels (the channel itself
 *       for grey images);</li>
 *   <li>the blur is {@link DetailChannels}'s separable Gaussian with zero padding;</li>
 *   <li>pixel-unshuffle is ONNX SpaceToDepth with block 2 on one channel: plane {@code 2·by + bx} holds the
 *       full-size pixels {@code (2y + by, 2x + bx)}.</li>
 * </ul>
 * Immutable; one instance serves many threads when each passes its own scratch.
 */
final class FineDetail {

    /** Planes the fine detail of one image takes. */
    static final int PLANES = 4;

    private final DetailChannels detail;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] luma;

    /**
     * @param sigma    the fine blur's sigma in full-size pixels
     * @param channels the image's channels, 1 or 3
     * @param height   full-size height, even
     * @param width    full-size width, even
     */
    FineDetail(double sigma, int channels, int height, int width) {
        if (height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("fine detail needs an even image size, got " + height + "x" + width);
        }
        this.detail = new DetailChannels(sigma, height, width);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.luma = lumaWeights(channels);
    }

    /** The luminance's weight per channel: {1} for grey, ITU-R BT.601 for RGB. */
    static float[] lumaWeights(int channels) {
        return channels == 1 ? new float[] {1f} : new float[] {0.299f, 0.587f, 0.114f};
    }

    /**
     * The network's input planes for full-size images: per image, the halved channels, then their detail
     * channels when {@code detailSigma} is positive (computed at half size), then the {@value #PLANES} fine
     * detail planes.
     */
    static InputPlanes append(ImageTensors t, double detailSigma, double fineSigma) {
        FineDetail fine = new FineDetail(fineSigma, t.channels(), t.height(), t.width());
        int c = t.channels();
        int h = t.height() / 2;
        int w = t.width() / 2;
        int half = h * w;
        DetailChannels coarse = detailSigma > 0 ? new DetailChannels(detailSigma, h, w) : null;
        int all = c + (coarse == null ? 0 : c) + PLANES;
        float[] out = new float[t.size() * all * half];
        float[] tmp = new float[half];
        float[] scratch = new float[2 * t.height() * t.width()];
        for (int i = 0; i < t.size(); i++) {
            int src = i * t.imageLength();
            int dst = i * all * half;
            for (int k = 0; k < c; k++) {
                halve(t.data(), src + k * t.height() * t.width(), t.height(), t.width(), out, dst + k * half);
            }
            if (coarse != null) {
                coarse.compute(out, dst, c, tmp);
            }
            fine.compute(t.data(), src, out, dst + (all - PLANES) * half, scratch);
        }
        return new InputPlanes(out, t.labels(), c, all, h, w);
    }

    /**
     * Writes the fine detail planes of the full-size image at {@code src[from..]} to {@code dst[to..]}.
     *
     * @param scratch two full-size planes
     */
    void compute(float[] src, int from, float[] dst, int to, float[] scratch) {
        int plane = height * width;
        java.util.Arrays.fill(scratch, 0, plane, 0f);
        for (int c = 0; c < channels; c++) {
            float wc = luma[c];
            int base = from + c * plane;
            for (int i = 0; i < plane; i++) {
                scratch[i] += wc * src[base + i];
            }
        }
        detail.compute(scratch, 0, 1, new float[plane]);
        unshuffle(scratch, plane, height, width, dst, to);
    }

    /** The fine planes of a constant 1 luminance: non-zero only near the border (zero padding), see {@link DetailChannels#edge}. */
    float[] edge() {
        float[] e = new float[PLANES * (height / 2) * (width / 2)];
        unshuffle(detail.edge(), 0, height, width, e, 0);
        return e;
    }

    /** The luminance's weight of channel {@code c}. */
    float luma(int c) {
        return luma[c];
    }

    /**
     * Space-to-depth with block 2 of one {@code h×w} plane into 4 planes of {@code h/2 × w/2}: plane
     * {@code 2·by + bx} at {@code (y, x)} is the source at {@code (2y + by, 2x + bx)}.
     */
    static void unshuffle(float[] src, int from, int h, int w, float[] dst, int to) {
        int hh = h / 2;
        int hw = w / 2;
        for (int by = 0; by < 2; by++) {
            for (int bx = 0; bx < 2; bx++) {
                int plane = to + (2 * by + bx) * hh * hw;
                for (int y = 0; y < hh; y++) {
                    int row = from + (2 * y + by) * w + bx;
                    for (int x = 0; x < hw; x++) {
                        dst[plane + y * hw + x] = src[row + 2 * x];
                    }
                }
            }
        }
    }

    /** 2×2 average (stride 2) of one {@code h×w} plane into an {@code h/2 × w/2} plane. */
    static void halve(float[] src, int from, int h, int w, float[] dst, int to) {
        int hw = w / 2;
        for (int y = 0; y < h / 2; y++) {
            int top = from + 2 * y * w;
            int bottom = top + w;
            for (int x = 0; x < hw; x++) {
                dst[to + y * hw + x] = (src[top + 2 * x] + src[top + 2 * x + 1] + src[bottom + 2 * x] + src[bottom + 2 * x + 1]) / 4;
            }
        }
    }
}

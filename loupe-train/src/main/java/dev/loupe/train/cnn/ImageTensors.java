package dev.loupe.train.cnn;

/**
 * Labelled images as one float tensor in NCHW order, already preprocessed (resized to the model's
 * input size and normalised) by the same code that serves the model.
 *
 * <p>The arrays are shared, not copied (a 2,000-image 3×64×64 set is 98 MB): callers must not change
 * them while a trainer or exporter reads them.
 *
 * @param data     {@code N·C·H·W} floats, image-major, then channel, row, column
 * @param labels   N labels, 0 = ok, 1 = defect
 * @param channels C, 1 (grey) or 3 (RGB)
 * @param height   H in pixels
 * @param width    W in pixels
 */
public record ImageTensors(float[] data, int[] labels, int channels, int height, int width) {

    public ImageTensors {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if ((long) labels.length * channels * height * width != data.length) {
            throw new IllegalArgumentException(labels.length + " images of " + channels + "x" + height + "x" + width
                    + " need " + (long) labels.length * channels * height * width + " floats, got " + data.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label of image " + i + " must be 0 (ok) or 1 (defect), got " + labels[i]);
            }
        }
    }

    /** Number of images, N. */
    public int size() {
        return labels.length;
    }

    /** Floats per image, {@code C·H·W}. */
    public int imageLength() {
        return channels * height * width;
    }

    /** The images mirrored left-right and/or up-down (a new array), labels shared. */
    ImageTensors mirrored(boolean leftRight, boolean upDown) {
        float[] out = new float[data.length];
        mirror(data, 0, out, 0, labels.length * channels, height, width, leftRight, upDown);
        return new ImageTensors(out, labels, channels, height, width);
    }

    /**
     * Copies {@code planes} consecutive {@code height × width} planes from {@code src} to {@code dst}, each mirrored
     * left-right and/or up-down (a plain copy when neither).
     */
    static void mirror(float[] src, int srcOffset, float[] dst, int dstOffset, int planes, int height, int width,
                       boolean leftRight, boolean upDown) {
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            for (int y = 0; y < height; y++) {
                int from = srcOffset + base + (upDown ? height - 1 - y : y) * width;
                int to = dstOffset + base + y * width;
                if (leftRight) {
                    for (int x = 0; x < width; x++) {
                        dst[to + x] = src[from + width - 1 - x];
                    }
                } else {
                    System.arraycopy(src, from, dst, to, width);
                }
            }
        }
    }

    /** Number of defect images. */
    public int defects() {
        int n = 0;
        for (int label : labels) {
            n += label;
        }
        return n;
    }
}

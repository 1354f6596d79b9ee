package dev.loupe.train.cnn;

import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one CHW image in a float array, and keeps its detail channels
 * ({@link DetailChannels}), when it has them, those of the augmented image. Stateless apart from its
 * settings, so one instance serves many threads; all randomness comes from the caller's generator,
 * which makes a run reproducible whatever the threads do.
 */
final class Augmenter {

    /*
     * Order: geometry (one inverse affine map: flip, rotation about the centre, translation, sampled
     * bilinearly with clamped borders), then an optional separable Gaussian blur, then the lamp level (a factor
     * on the intensities, about black), contrast around each channel's mean and a brightness shift. Random
     * draws happen in a fixed order whatever the outcome, so one image's draws never depend on another's.
     * Detail channels follow the image's own: flips move them alike and lamp, contrast and brightness change
     * them linearly (DetailChannels); after a
     * rotation, shift or blur they are computed afresh from the augmented channels.
     */

    /** A black pixel in the CNN's normalised units ({@link CnnModelTrainer#PIXEL_MEAN}, {@link CnnModelTrainer#PIXEL_STD}). */
    static final double BLACK = -CnnModelTrainer.PIXEL_MEAN / CnnModelTrainer.PIXEL_STD;

    private final Augmentation a;
    private final int channels;
    private final int height;
    private final int width;
    private final DetailChannels detail;
    private final float[] edge;
    private final FineDetail fine;
    private final float[] fineEdge;

    /** For images without detail channels. */
    Augmenter(Augmentation augmentation, int channels, int height, int width) {
        this(augmentation, channels, height, width, null);
    }

    /**
     * @param channels the image's own channels
     * @param detail   the detail channels that follow them in every image, or null when there are none
     */
    Augmenter(Augmentation augmentation, int channels, int height, int width, DetailChannels detail) {
        this(augmentation, channels, height, width, detail, null);
    }

    /**
     * @param channels the image's own channels
     * @param detail   the detail channels that follow them in every image, or null when there are none
     * @param fine     the fine detail planes ({@link FineDetail#PLANES}) that come last in every image, of an
     *                 image twice this size, or null when there are none; they follow flips, brightness and
     *                 contrast only, so the augmentation must not {@link Augmentation#resamples() resample}
     */
    Augmenter(Augmentation augmentation, int channels, int height, int width, DetailChannels detail, FineDetail fine) {
        if (fine != null && augmentation.resamples()) {
            throw new IllegalArgumentException("fine detail planes cannot follow rotations, shifts or blurs: " + augmentation);
        }
        this.a = augmentation;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.detail = detail;
        this.edge = detail == null ? null : detail.edge();
        this.fine = fine;
        this.fineEdge = fine == null ? null : fine.edge();
    }

    /** Writes an augmented copy of the image at {@code src[srcOffset..]} to {@code dst[dstOffset..]}. */
    void apply(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom random) {
        boolean flipX = a.flipHorizontal() && random.nextBoolean();
        boolean flipY = a.flipVertical() && random.nextBoolean();
        double angle = Math.toRadians(symmetric(random, a.rotationDegrees()));
        double shiftX = symmetric(random, a.translation()) * width;
        double shiftY = symmetric(random, a.translation()) * height;
        boolean blur = random.nextDouble() < a.blurProbability();
        double sigma = a.blurSigma() * (1 - random.nextDouble());
        double contrast = 1 + symmetric(random, a.contrast());
        double brightness = symmetric(random, a.brightness());
        double lamp = 1;
        if (a.lampDrop() > 0) {
            double u = random.nextDouble();
            lamp = u < Augmentation.LAMP_SHARE ? 1 - a.lampDrop() * (u / Augmentation.LAMP_SHARE) : 1;
        }

        int plane = height * width;
        boolean resampled = angle != 0 || shiftX != 0 || shiftY != 0 || (blur && sigma > 0);
        // without resampling, the detail channels move with the image (flips) and are adjusted below
        int moved = resampled ? channels : channels + (detail == null ? 0 : channels) + (fine == null ? 0 : FineDetail.PLANES);
        if (!flipX && !flipY && angle == 0 && shiftX == 0 && shiftY == 0) {
            System.arraycopy(src, srcOffset, dst, dstOffset, moved * plane);
        } else if (angle == 0 && shiftX == 0 && shiftY == 0) {
            ImageTensors.mirror(src, srcOffset, dst, dstOffset, moved, height, width, flipX, flipY);
            if (fine != null) {
                // a mirrored full-size pixel 2x + bx lands at 2(w − 1 − x) + (1 − bx): the planes' bx (by) swap
                int first = dstOffset + (moved - FineDetail.PLANES) * plane;
                if (flipX) {
                    swapPlanes(dst, first, first + plane, plane);
                    swapPlanes(dst, first + 2 * plane, first + 3 * plane, plane);
                }
                if (flipY) {
                    swapPlanes(dst, first, first + 2 * plane, plane);
                    swapPlanes(dst, first + plane, first + 3 * plane, plane);
                }
            }
        } else {
            warp(src, srcOffset, dst, dstOffset, moved, flipX, flipY, angle, shiftX, shiftY);
        }
        if (blur && sigma > 0) {
            float[] kernel = gaussian(sigma);
            float[] tmp = new float[plane];
            for (int c = 0; c < channels; c++) {
                blur(dst, dstOffset + c * plane, tmp, kernel);
            }
        }
        if (contrast != 1 || brightness != 0 || lamp != 1) {
            // lamp level about black, then contrast about the mean, then brightness: x' = scale x + shift per channel
            double scale = contrast * lamp;
            double lumaShift = 0;
            for (int c = 0; c < channels; c++) {
                int from = dstOffset + c * plane;
                double mean = 0;
                for (int i = from; i < from + plane; i++) {
                    mean += dst[i];
                }
                mean /= plane;
                double litMean = lamp * (mean - BLACK) + BLACK;
                double shift = litMean + brightness - scale * mean;
                for (int i = from; i < from + plane; i++) {
                    dst[i] = (float) (scale * dst[i] + shift);
                }
                if (detail != null && !resampled) {
                    // detail(x') = scale detail(x) + shift edge
                    int d = dstOffset + (channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        dst[d + i] = (float) scale * dst[d + i] + (float) shift * edge[i];
                    }
                }
                if (fine != null) {
                    lumaShift += fine.luma(c) * shift;
                }
            }
            if (fine != null) {
                // the luminance is linear in the channels: l' = scale l + Σ luma_c shift_c
                int f = dstOffset + (moved - FineDetail.PLANES) * plane;
                for (int i = 0; i < FineDetail.PLANES * plane; i++) {
                    dst[f + i] = (float) (scale * dst[f + i] + lumaShift * fineEdge[i]);
                }
            }
        }
        if (detail != null && resampled) {
            detail.compute(dst, dstOffset, channels, new float[plane]);
        }
    }

    private static void swapPlanes(float[] data, int a, int b, int plane) {
        for (int i = 0; i < plane; i++) {
            float t = data[a + i];
            data[a + i] = data[b + i];
            data[b + i] = t;
        }
    }

    /** Mirrors the planes: what {@link #warp} gives for a flip alone (it samples whole pixels then), faster. */
    private void warp(float[] src, int srcOffset, float[] dst, int dstOffset, int channels,
                      boolean flipX, boolean flipY, double angle, double shiftX, double shiftY) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // output pixel -> input position: undo the translation, the rotation, then the flip
                double dx = x - cx - shiftX;
                double dy = y - cy - shiftY;
                double u = cos * dx + sin * dy;
                double v = -sin * dx + cos * dy;
                u = (flipX ? -u : u) + cx;
                v = (flipY ? -v : v) + cy;
                u = Math.min(Math.max(u, 0), width - 1);
                v = Math.min(Math.max(v, 0), height - 1);
                int x0 = Math.min((int) u, width - 2 < 0 ? 0 : width - 2);
                int y0 = Math.min((int) v, height - 2 < 0 ? 0 : height - 2);
                int x1 = Math.min(x0 + 1, width - 1);
                int y1 = Math.min(y0 + 1, height - 1);
                float fx = (float) (u - x0);
                float fy = (float) (v - y0);
                for (int c = 0; c < channels; c++) {
                    int base = srcOffset + c * plane;
                    float top = src[base + y0 * width + x0] * (1 - fx) + src[base + y0 * width + x1] * fx;
                    float bottom = src[base + y1 * width + x0] * (1 - fx) + src[base + y1 * width + x1] * fx;
                    dst[dstOffset + c * plane + y * width + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }

    /** Blurs one plane in place: rows into {@code tmp}, then columns back. */
    private void blur(float[] data, int offset, float[] tmp, float[] kernel) {
        int r = kernel.length / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = Math.min(Math.max(x + k, 0), width - 1);
                    s += kernel[k + r] * data[offset + y * width + xx];
                }
                tmp[y * width + x] = s;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = Math.min(Math.max(y + k, 0), height - 1);
                    s += kernel[k + r] * tmp[yy * width + x];
                }
                data[offset + y * width + x] = s;
            }
        }
    }

    private static float[] gaussian(double sigma) {
        int r = Math.max(1, (int) Math.ceil(2 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-i * i / (2 * sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] / sum);
        }
        return k;
    }

    private static double symmetric(SplittableRandom random, double bound) {
        double u = random.nextDouble();
        return bound == 0 ? 0 : (2 * u - 1) * bound;
    }
}

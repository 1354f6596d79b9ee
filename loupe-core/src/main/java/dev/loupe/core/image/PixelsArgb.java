package dev.loupe.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * An image's pixels as packed ARGB ints. A colour image's are exactly the values {@link BufferedImage#getRGB(int,
 * int, int, int, int[], int, int)} returns, read straight from the raster for the types decoders produce (8-bit
 * BGR/ABGR, packed RGB/ARGB): {@code getRGB} converts pixel by pixel through the colour model, which costs as much
 * as decoding a small PNG; other colour types go through {@code getRGB}.
 *
 * <p>A grayscale image's (one band, 8 or 16 bits) are its gray levels as the file stores them, in R, G and B
 * (16-bit levels rounded to 8 bits): what the model's preprocessing reads. Not {@code getRGB}'s: Java decodes a
 * gray PNG, JPEG or TIFF into a linear gray colour space and {@code getRGB} converts that to sRGB, which brightens
 * every level (39 of 255, a mean of 0.15, comes back as 0.43), so a grayscale camera's image statistics would not
 * be those of the image the model sees.
 */
final class PixelsArgb {
    /** Each 8-bit gray level as an opaque pixel with that level in R, G and B. */
    private static final int[] GRAY = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            GRAY[v] = 0xff000000 | v << 16 | v << 8 | v;
        }
    }

    private PixelsArgb() {
    }

    static int[] of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster raster = img.getRaster();
        int n = w * h;
        if (raster.getMinX() == 0 && raster.getMinY() == 0 && raster.getParent() == null) {
            switch (img.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR -> {
                    if (raster.getSampleModel() instanceof ComponentSampleModel sm && raster.getDataBuffer() instanceof DataBufferByte db
                            && db.getNumBanks() == 1 && db.getOffset() == 0) {
                        int stride = sm.getPixelStride();
                        int scan = sm.getScanlineStride();
                        int[] offsets = sm.getBandOffsets(); // R, G, B(, A)
                        byte[] data = db.getData();
                        boolean alpha = offsets.length == 4;
                        int[] out = new int[n];
                        for (int y = 0; y < h; y++) {
                            int row = y * scan;
                            for (int x = 0; x < w; x++) {
                                int p = row + x * stride;
                                int a = alpha ? data[p + offsets[3]] & 0xff : 0xff;
                                out[y * w + x] = a << 24 | (data[p + offsets[0]] & 0xff) << 16
                                        | (data[p + offsets[1]] & 0xff) << 8 | (data[p + offsets[2]] & 0xff);
                            }
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
                    if (raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm && raster.getDataBuffer() instanceof DataBufferInt db
                            && db.getNumBanks() == 1 && db.getOffset() == 0) {
                        int[] data = db.getData();
                        int scan = sm.getScanlineStride();
                        boolean alpha = img.getType() == BufferedImage.TYPE_INT_ARGB;
                        int[] out = new int[n];
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                int p = data[y * scan + x];
                                out[y * w + x] = alpha ? p : 0xff000000 | p;
                            }
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_BYTE_GRAY -> {
                    if (raster.getSampleModel() instanceof ComponentSampleModel sm && raster.getDataBuffer() instanceof DataBufferByte db
                            && db.getNumBanks() == 1 && db.getOffset() == 0) {
                        byte[] data = db.getData();
                        int scan = sm.getScanlineStride();
                        int stride = sm.getPixelStride();
                        int off = sm.getBandOffsets()[0];
                        int[] out = new int[n];
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                out[y * w + x] = GRAY[data[y * scan + x * stride + off] & 0xff];
                            }
                        }
                        return out;
                    }
                }
                default -> {
                }
            }
        }
        if (raster.getNumBands() == 1 && img.getColorModel().getNumComponents() == 1) {
            return levels(raster, w, h);
        }
        return img.getRGB(0, 0, w, h, null, 0, w);
    }

    /** A one-band raster's levels as {@link #GRAY} pixels, other depths than 8 bits scaled and rounded to 8. */
    private static int[] levels(Raster raster, int w, int h) {
        int[] samples = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, new int[w * h]);
        int bits = raster.getSampleModel().getSampleSize(0);
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i];
            samples[i] = GRAY[bits == 8 ? v : (int) Math.round(v * 255.0 / ((1L << bits) - 1))];
        }
        return samples;
    }
}

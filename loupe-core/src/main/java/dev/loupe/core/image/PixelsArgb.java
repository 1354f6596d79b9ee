package dev.loupe.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * An image's pixels as packed ARGB ints, exactly the values {@link BufferedImage#getRGB(int, int, int, int,
 * int[], int, int)} returns, read straight from the raster for the image types decoders produce (8-bit
 * BGR/ABGR, packed RGB/ARGB, 8-bit gray): {@code getRGB} converts pixel by pixel through the colour model,
 * which costs as much as decoding a small PNG. Anything else goes through {@code getRGB}.
 */
final class PixelsArgb {
    /** What {@code getRGB} gives for each 8-bit gray level (the gray colour space's conversion to sRGB). */
    private static final int[] GRAY;

    static {
        BufferedImage levels = new BufferedImage(256, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int v = 0; v < 256; v++) {
            levels.getRaster().setSample(v, 0, 0, v);
        }
        GRAY = levels.getRGB(0, 0, 256, 1, null, 0, 256);
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
        return img.getRGB(0, 0, w, h, null, 0, w);
    }
}

package dev.loupe.core.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.loupe.core.image.ImagesTest.noise;
import static dev.loupe.core.image.ImagesTest.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TiffInflaterTest {
    private static final List<Integer> CAMERA_TYPES = List.of(BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_3BYTE_BGR);

    @Test
    void read_deflateStripsOfEachCameraLayout_givesTheJdkReadersImage() throws Exception {
        // 300 x 100: several strips, the last one shorter; predictor 2 on the 8-bit ones (the writer's only)
        for (int type : CAMERA_TYPES) {
            BufferedImage img = noise(type, 300, 100);
            for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
                for (byte[] tiff : List.of(BrokenImages.tiff(List.of(img), "Deflate", order),
                        BrokenImages.predictedTiff(img, "Deflate", order))) {
                    String as = "type " + type + ", " + order + ", predictor " + TiffLayout.of(tiff).samples().predictor();
                    BufferedImage jdk = jdkRead(tiff);
                    BufferedImage ours = inflate(tiff);
                    assertThat(ours).as(as).isNotNull();
                    assertThat(ours.getType()).as(as).isEqualTo(jdk.getType());
                    assertThat(ours.getColorModel()).as(as).isEqualTo(jdk.getColorModel());
                    assertThat(samples(ours)).as(as).isEqualTo(samples(jdk)).isEqualTo(samples(img));
                }
            }
        }
    }

    @Test
    void read_16bitRgbDeflateStrips_givesTheJdkReadersImage() throws Exception {
        BufferedImage img = rgb16(300, 100);
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] tiff = BrokenImages.tiff(List.of(img), "Deflate", order);
            BufferedImage jdk = jdkRead(tiff);
            BufferedImage ours = inflate(tiff);
            assertThat(ours).as(order.toString()).isNotNull();
            assertThat(ours.getType()).as(order.toString()).isEqualTo(jdk.getType());
            assertThat(ours.getColorModel()).as(order.toString()).isEqualTo(jdk.getColorModel());
            assertThat(samples(ours)).as(order.toString()).isEqualTo(samples(jdk)).isEqualTo(samples(img));
        }
    }

    @Test
    void predictedTiff_8bit_isWrittenWithThePredictor() throws Exception {
        BufferedImage img = noise(BufferedImage.TYPE_3BYTE_BGR, 30, 20);
        assertThat(TiffLayout.of(BrokenImages.predictedTiff(img, "Deflate", ByteOrder.BIG_ENDIAN)).samples().predictor())
                .isEqualTo(2);
    }

    @Test
    void decode_16bitDeflateStripsWithThePredictor_givesTheSamplesTheFileMeans() throws Exception {
        assertPredicted16BitStripsDecode("Deflate");
    }

    /**
     * 16-bit grey and RGB noise (so that many differences wrap modulo 2^16) of 300 x 100, in several strips with a
     * shorter last one, stored with the predictor in either byte order, which the JDK's reader refuses, decode to
     * exactly the samples written.
     */
    static void assertPredicted16BitStripsDecode(String compression) throws Exception {
        for (BufferedImage img : List.of(noise(BufferedImage.TYPE_USHORT_GRAY, 300, 100), rgb16(300, 100))) {
            for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
                byte[] tiff = BrokenImages.predicted16BitTiff(img, compression, order, 0);
                TiffLayout layout = TiffLayout.of(tiff);
                String as = img.getRaster().getNumBands() + " samples, " + order;
                assertThat(layout.samples().predictor()).as(as).isEqualTo(2);
                assertThat(layout.samples().bits()).as(as).isEqualTo(16);
                assertThat(layout.offsets().length).as(as).isGreaterThan(2);
                assertThat(layout.pixels().rows(layout.offsets().length - 1)).as(as).isLessThan(layout.pixels().unitHeight());
                assertThatThrownBy(() -> jdkRead(tiff)).as(as)
                        .hasMessageContaining("16-bit samples are not supported for Horizontal differencing Predictor");
                BufferedImage decoded = Images.decode(tiff);
                assertThat(decoded.getColorModel()).as(as).isEqualTo(img.getColorModel());
                assertThat(samples(decoded)).as(as).isEqualTo(samples(img));
            }
        }
    }

    @Test
    void decode_16bitDeflateStripWithThePredictorCutShortOrDamaged_isRefusedAsTheCheckSaysIt() throws Exception {
        for (BufferedImage img : List.of(noise(BufferedImage.TYPE_USHORT_GRAY, 128, 128), rgb16(128, 128))) {
            byte[] tiff = BrokenImages.predicted16BitTiff(img, "Deflate", ByteOrder.LITTLE_ENDIAN, 0);
            TiffLayout layout = TiffLayout.of(tiff);
            int last = layout.offsets().length - 1;
            byte[] cut = BrokenImages.tiffWithStripCut(tiff, last, (int) layout.byteCounts()[last] / 3);
            byte[] damaged = tiff.clone();
            int strip = (int) layout.offsets()[0];
            Arrays.fill(damaged, strip + 2, strip + 6, (byte) 0xff); // after the zlib header: a reserved block type
            for (byte[] broken : List.of(cut, damaged)) {
                String check = TiffLayout.of(broken).cutShort(broken);
                assertThat(check).isNotEmpty();
                assertThatThrownBy(() -> Images.decode(broken)).isInstanceOf(ImageDecodeException.class)
                        .isNotInstanceOf(UnsupportedImageException.class).hasMessage("corrupt TIFF: " + check);
            }
        }
    }

    @Test
    void decode_16bitPredictorInALayoutNotReadHere_isRefusedAsUnsupported() throws Exception {
        // the JDK's reader refuses them, as corrupt: "16-bit samples are not supported for Horizontal differencing"
        BufferedImage grey = noise(BufferedImage.TYPE_USHORT_GRAY, 300, 100);
        for (String compression : List.of("Deflate", "LZW")) {
            byte[] tiled = BrokenImages.predicted16BitTiff(grey, compression, ByteOrder.BIG_ENDIAN, 32);
            assertThatThrownBy(() -> Images.decode(tiled)).as(compression).isInstanceOf(UnsupportedImageException.class)
                    .hasMessage("a TIFF of 16-bit samples with the horizontal predictor (Predictor 2) in tiles; Loupe reads"
                            + " that predictor on 16-bit samples only in Deflate or LZW strips of interleaved grey or RGB"
                            + " samples (" + tiled.length + " bytes)");
        }
    }

    @Test
    void read_otherLayouts_areLeftToTheJdkReader() throws Exception {
        BufferedImage grey = noise(BufferedImage.TYPE_BYTE_GRAY, 300, 100);
        for (byte[] tiff : List.of(BrokenImages.tiledTiff(grey, "Deflate", 32), BrokenImages.tiff(grey, "LZW"),
                BrokenImages.tiff(grey, null), BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_BINARY, 300, 100), "Deflate"))) {
            assertThat(inflate(tiff)).isNull();
        }
    }

    @Test
    void decode_deflateStripCutShortOrDamaged_isRefusedAsTheCheckSaysIt() throws Exception {
        for (int type : CAMERA_TYPES) {
            byte[] tiff = BrokenImages.predictedTiff(noise(type, 128, 128), "Deflate", ByteOrder.BIG_ENDIAN);
            TiffLayout layout = TiffLayout.of(tiff);
            byte[] cut = BrokenImages.tiffWithStripCut(tiff, 0, (int) layout.byteCounts()[0] / 3);
            byte[] damaged = tiff.clone();
            int strip = (int) layout.offsets()[0];
            Arrays.fill(damaged, strip + 2, strip + 6, (byte) 0xff); // after the zlib header: a reserved block type
            for (byte[] broken : List.of(cut, damaged)) {
                String check = TiffLayout.of(broken).cutShort(broken);
                assertThat(check).as("type " + type).isNotEmpty();
                assertThatThrownBy(() -> Images.decode(broken)).as("type " + type).isInstanceOf(ImageDecodeException.class)
                        .hasMessage("corrupt TIFF: " + check);
            }
        }
    }

    @Test
    void decode_deflateRgbInOnePlanePerSample_givesTheJdkReadersImage() throws Exception {
        // PlanarConfiguration 2: the red strips, then the green, then the blue; the reader's image is still interleaved
        byte[] tiff = planarRgbDeflate(4, 2);
        assertThat(samples(Images.decode(tiff))).isEqualTo(samples(jdkRead(tiff)));
    }

    /** A little-endian w x h 8-bit RGB TIFF in one Deflate strip per plane (PlanarConfiguration 2). */
    static byte[] planarRgbDeflate(int w, int h) {
        byte[][] planes = new byte[3][];
        for (int p = 0; p < 3; p++) {
            byte[] raw = new byte[w * h];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (p * 80 + i * 10);
            }
            java.util.zip.Deflater d = new java.util.zip.Deflater();
            d.setInput(raw);
            d.finish();
            byte[] out = new byte[1024];
            int n = d.deflate(out);
            d.end();
            planes[p] = Arrays.copyOf(out, n);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        int[][] entries = {{256, 3, 1, w}, {257, 3, 1, h}, {258, 3, 3, 0}, {259, 3, 1, 8}, {262, 3, 1, 2}, {273, 4, 3, 0},
                {277, 3, 1, 3}, {278, 3, 1, h}, {279, 4, 3, 0}, {284, 3, 1, 2}};
        int bitsAt = 8 + 2 + 12 * entries.length + 4;
        int offsetsAt = bitsAt + 6;
        int countsAt = offsetsAt + 12;
        entries[2][3] = bitsAt;
        entries[5][3] = offsetsAt;
        entries[8][3] = countsAt;
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3 && e[2] == 1) {
                b.putShort((short) e[3]).putShort((short) 0);
            } else {
                b.putInt(e[3]);
            }
        }
        b.putInt(0);
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        int at = countsAt + 12;
        for (int p = 0; p < 3; p++) {
            b.putInt(offsetsAt + 4 * p, at).putInt(countsAt + 4 * p, planes[p].length);
            b.put(at, planes[p]);
            at += planes[p].length;
        }
        return Arrays.copyOf(b.array(), at);
    }

    /** A w x h RGB image of 16-bit noise, samples interleaved, as the JDK's TIFF reader returns one. */
    static BufferedImage rgb16(int w, int h) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(model, model.createCompatibleWritableRaster(w, h), false, null);
        Random random = new Random(16);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < 3; b++) {
                    img.getRaster().setSample(x, y, b, random.nextInt(65_536));
                }
            }
        }
        return img;
    }

    private static BufferedImage inflate(byte[] tiff) throws Exception {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                return TiffInflater.read(TiffLayout.of(tiff), tiff, reader);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The JDK's TIFF reader alone, without the short-strip check. */
    static BufferedImage jdkRead(byte[] tiff) throws Exception {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }
}

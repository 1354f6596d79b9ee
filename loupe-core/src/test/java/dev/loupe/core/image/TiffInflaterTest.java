package dev.loupe.core.image;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

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
    void predictedTiff_8bit_isWrittenWithThePredictor() throws Exception {
        BufferedImage img = noise(BufferedImage.TYPE_3BYTE_BGR, 30, 20);
        assertThat(TiffLayout.of(BrokenImages.predictedTiff(img, "Deflate", ByteOrder.BIG_ENDIAN)).samples().predictor())
                .isEqualTo(2);
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

package dev.loupe.core.image;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.Preprocessor;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagesTest {

    @Test
    void decode_pngJpegBmp_allRead() throws Exception {
        BufferedImage img = checkerboard(32, 24);
        for (String format : new String[]{"png", "jpg", "bmp"}) {
            BufferedImage back = Images.decode(encode(img, format));
            assertThat(back.getWidth()).as(format).isEqualTo(32);
            assertThat(back.getHeight()).as(format).isEqualTo(24);
        }
    }

    @Test
    void decode_grayscalePng_hasOneChannel() throws Exception {
        BufferedImage gray = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(Images.channels(Images.decode(encode(gray, "png")))).isEqualTo(1);
        assertThat(Images.channels(Images.decode(encode(checkerboard(10, 10), "png")))).isEqualTo(3);
    }

    @Test
    void decode_truncatedPng_isRejected() throws Exception {
        byte[] png = encode(checkerboard(64, 64), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> Images.decode(truncated)).isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("truncated PNG");
    }

    @Test
    void decode_jpegCutMidScanWithEndMarkerAppended_isCorrupt() throws Exception {
        byte[] cut = BrokenImages.jpegCutMidScan(BrokenImages.noiseJpeg(128, 128), 700);
        assertThatThrownBy(() -> Images.decode(cut)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("corrupt JPEG: ").hasMessageNotContaining("null");
    }

    @Test
    void decode_jpegWithStrayBytesBetweenSegments_isRead() throws Exception {
        byte[] jpeg = BrokenImages.noiseJpeg(64, 64);
        int sos = 2;
        while (!(jpeg[sos] == (byte) 0xFF && jpeg[sos + 1] == (byte) 0xDA)) {
            sos++;
        }
        // three bytes before the start-of-scan marker, as some cameras write: libjpeg warns, the pixels are whole
        byte[] stray = new byte[jpeg.length + 3];
        System.arraycopy(jpeg, 0, stray, 0, sos);
        stray[sos] = 0x11;
        stray[sos + 1] = 0x22;
        stray[sos + 2] = 0x33;
        System.arraycopy(jpeg, sos, stray, sos + 3, jpeg.length - sos);
        BufferedImage read = Images.decode(stray);
        assertThat(Images.argb(read)).isEqualTo(Images.argb(Images.decode(jpeg)));
    }

    @Test
    void decode_jpegClaimingHugeSize_isRefusedFromItsHeader() throws Exception {
        byte[] jpeg = BrokenImages.jpegClaimingSize(BrokenImages.noiseJpeg(32, 32), 16_000, 16_000);
        assertThatThrownBy(() -> Images.decode(jpeg)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("JPEG is 16000 x 16000 = 256000000 pixels, more than the limit of " + Images.MAX_PIXELS);
    }

    @Test
    void decode_pngOverThePixelBudget_isRefusedFromItsHeader() throws Exception {
        byte[] png = BrokenImages.pngClaimingSize(encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png"), 16_384, 16_384);
        assertThatThrownBy(() -> Images.decode(png)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("PNG is 16384 x 16384 = 268435456 pixels, more than the limit of " + Images.MAX_PIXELS);
    }

    @Test
    void decode_pngAtThePixelBudget_getsPastTheSizeCheck() throws Exception {
        // 8192 x 8192 is allowed: the header passes and decoding then finds the data of an 8 x 8 image
        byte[] png = BrokenImages.pngClaimingSize(encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png"), 8192, 8192);
        assertThatThrownBy(() -> Images.decode(png)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("corrupt PNG").hasMessageNotContaining("limit");
    }

    @Test
    void decode_bmpWithPixelOffsetPastItsEnd_saysTheDataEnds() throws Exception {
        byte[] bmp = encode(checkerboard(16, 16), "bmp");
        bmp[10] = (byte) 0xFF; // bfOffBits: where the pixels start
        assertThatThrownBy(() -> Images.decode(bmp)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("corrupt BMP: the data ends before the image does");
    }

    @Test
    void decode_tiffOfEachCameraLayout_hasTheSamePixels() throws Exception {
        for (BufferedImage img : List.of(noise(BufferedImage.TYPE_BYTE_GRAY), noise(BufferedImage.TYPE_USHORT_GRAY),
                noise(BufferedImage.TYPE_3BYTE_BGR))) {
            for (String compression : Arrays.asList(null, "LZW", "Deflate", "PackBits")) {
                BufferedImage back = Images.decode(BrokenImages.tiff(img, compression));
                String as = "type " + img.getType() + ", " + compression;
                assertThat(Images.channels(back)).as(as).isEqualTo(Images.channels(img));
                assertThat(samples(back)).as(as).isEqualTo(samples(img));
            }
        }
    }

    @Test
    void decode_tiffInManyStripsOrInTiles_hasTheSamePixels() throws Exception {
        // 300 x 100: strips of 27 rows (8-bit grey), 13 (16-bit) and 9 (RGB) from the JDK writer, the last one
        // shorter; tiles of 32 that overhang the right and bottom edges; bilevel rows padded to whole bytes
        for (int type : new int[]{BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_BINARY}) {
            BufferedImage img = noise(type, 300, 100);
            for (String compression : Arrays.asList(null, "LZW", "Deflate", "PackBits")) {
                for (byte[] tiff : List.of(BrokenImages.tiff(img, compression), BrokenImages.tiledTiff(img, compression, 32))) {
                    assertThat(samples(Images.decode(tiff))).as("type " + type + ", " + compression).isEqualTo(samples(img));
                }
            }
        }
    }

    @Test
    void decode_littleEndianTiff_isRead() throws Exception {
        BufferedImage img = noise(BufferedImage.TYPE_BYTE_GRAY);
        byte[] tiff = BrokenImages.tiff(List.of(img), "LZW", ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(tiff, 0, 2)).isEqualTo("II");
        assertThat(Images.sniffFormat(tiff)).isEqualTo("tiff");
        assertThat(samples(Images.decode(tiff))).isEqualTo(samples(img));
    }

    @Test
    void decode_16bitTiff_givesThePixelsAndTensorOfThe16bitPng() throws Exception {
        BufferedImage img = noise(BufferedImage.TYPE_USHORT_GRAY);
        BufferedImage fromPng = Images.decode(encode(img, "png"));
        BufferedImage fromTiff = Images.decode(BrokenImages.tiff(img, "Deflate"));
        assertThat(fromTiff.getType()).isEqualTo(fromPng.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
        assertThat(samples(fromTiff)).isEqualTo(samples(fromPng));
        Preprocessor pre = new Preprocessor(new ModelDescriptor.Input("image", 40, 30, ModelDescriptor.Colour.GRAYSCALE,
                ModelDescriptor.Normalisation.unit(1)));
        assertThat(pre.apply(fromTiff)).isEqualTo(pre.apply(fromPng));
    }

    @Test
    void decode_truncatedTiff_saysWhichStripIsCut() throws Exception {
        byte[] tiff = BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_GRAY), "LZW");
        byte[] truncated = Arrays.copyOf(tiff, tiff.length - 10);
        assertThatThrownBy(() -> Images.decode(truncated)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("truncated TIFF: strip ").hasMessageEndingWith(
                        "runs past the end of the file (" + truncated.length + " bytes)");
    }

    @Test
    void decode_tiffWithACompressedStripCutShortInside_isCorrupt() throws Exception {
        BufferedImage img = noise(BufferedImage.TYPE_BYTE_GRAY, 128, 128); // two strips of 64 rows
        for (String compression : List.of("LZW", "Deflate", "PackBits")) {
            byte[] cut = BrokenImages.tiffWithStripCut(BrokenImages.tiff(img, compression), 0, 3000);
            assertThatThrownBy(() -> Images.decode(cut)).as(compression).isInstanceOf(ImageDecodeException.class)
                    .hasMessageStartingWith("corrupt TIFF: strip 1 of 2 (3000 bytes) decodes to ")
                    .hasMessageEndingWith(" bytes; its 64 rows need 8192");
        }
    }

    @Test
    void decode_uncompressedTiffWithAStripCutShortInside_isCorrupt() throws Exception {
        byte[] cut = BrokenImages.tiffWithStripCut(BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_GRAY, 128, 128), null), 0, 3000);
        assertThatThrownBy(() -> Images.decode(cut)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("corrupt TIFF: strip 1 of 2 holds 3000 bytes; its 64 rows need 8192");
    }

    @Test
    void decode_tiffWhoseByteCountIsShorterThanItsStrip_isCorrupt() throws Exception {
        for (BufferedImage img : List.of(noise(BufferedImage.TYPE_USHORT_GRAY), noise(BufferedImage.TYPE_3BYTE_BGR))) {
            for (String compression : Arrays.asList(null, "LZW", "Deflate", "PackBits")) {
                byte[] shorter = BrokenImages.tiffWithTag(BrokenImages.tiff(img, compression), 279, count -> count / 2);
                assertThatThrownBy(() -> Images.decode(shorter)).as("type " + img.getType() + ", " + compression)
                        .isInstanceOf(ImageDecodeException.class).hasMessageStartingWith("corrupt TIFF: strip 1 of 1 ")
                        .hasMessageEndingWith("; its 30 rows need " + 40 * 30 * img.getColorModel().getPixelSize() / 8);
            }
        }
    }

    @Test
    void decode_tiledTiffWhoseTileByteCountsAreShort_saysWhichTile() throws Exception {
        byte[] tiled = BrokenImages.tiledTiff(noise(BufferedImage.TYPE_BYTE_GRAY, 100, 70), "Deflate", 32);
        byte[] shorter = BrokenImages.tiffWithTag(tiled, 325, count -> count / 2);
        assertThatThrownBy(() -> Images.decode(shorter)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("corrupt TIFF: tile 1 of 12 (").hasMessageEndingWith("; its 32 x 32 pixels need 1024");
    }

    @Test
    void decode_tiffCutInsideItsDirectory_isTruncated() throws Exception {
        byte[] tiff = BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_GRAY), null);
        assertThatThrownBy(() -> Images.decode(Arrays.copyOf(tiff, 40))).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("truncated TIFF: ").hasMessageNotContaining("null");
    }

    @Test
    void decode_tiffWithStripOffsetsPastItsEnd_isTruncated() throws Exception {
        byte[] tiff = BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_GRAY), null);
        byte[] moved = BrokenImages.tiffWithTag(tiff, 273, offset -> offset + tiff.length);
        assertThatThrownBy(() -> Images.decode(moved)).isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("truncated TIFF: strip 1 of ").hasMessageContaining("runs past the end of the file");
    }

    @Test
    void decode_tiffClaimingHugeSize_isRefusedFromItsHeader() throws Exception {
        byte[] tiff = BrokenImages.tiff(noise(BufferedImage.TYPE_BYTE_GRAY), null);
        byte[] huge = BrokenImages.tiffWithTag(BrokenImages.tiffWithTag(tiff, 256, w -> 16_000), 257, h -> 16_000);
        assertThatThrownBy(() -> Images.decode(huge)).isInstanceOf(ImageDecodeException.class)
                .hasMessage("TIFF is 16000 x 16000 = 256000000 pixels, more than the limit of " + Images.MAX_PIXELS);
    }

    @Test
    void decode_multiPageTiff_isUnsupported() throws Exception {
        BufferedImage page = noise(BufferedImage.TYPE_BYTE_GRAY);
        byte[] tiff = BrokenImages.tiff(List.of(page, page), null, ByteOrder.BIG_ENDIAN);
        assertThatThrownBy(() -> Images.decode(tiff)).isInstanceOf(UnsupportedImageException.class)
                .hasMessageStartingWith("a multi-page TIFF; Loupe reads single-page TIFFs");
    }

    @Test
    void hasImageExtension_readFormatsInAnyCase_notGif() {
        assertThat(List.of("a.png", "b.JPG", "c.jpeg", "d.bmp", "e.tif", "f.TIFF")).allMatch(Images::hasImageExtension);
        assertThat(List.of("a.gif", "tif", ".tiff", "a.tiff.part", "a.txt")).noneMatch(Images::hasImageExtension);
    }

    @Test
    void decode_gif_isUnsupportedNotCorrupt() throws Exception {
        byte[] gif = encode(checkerboard(8, 8), "gif");
        assertThatThrownBy(() -> Images.decode(gif)).isInstanceOf(UnsupportedImageException.class)
                .hasMessageStartingWith("a GIF image; Loupe reads PNG, JPEG, BMP and TIFF");
    }

    @Test
    void decode_textWithPngName_isNotAnImage() {
        assertThatThrownBy(() -> Images.decode("hello, I am text".getBytes()))
                .isInstanceOf(ImageDecodeException.class).hasMessageStartingWith("not a PNG, JPEG, BMP or TIFF image");
    }

    @Test
    void stats_uniformGray_hasNoContrastNoSharpness() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        ImageStats s = ImageStats.of(img);
        assertThat(s.brightness()).isCloseTo(128 / 255.0, within(1e-6));
        assertThat(s.contrast()).isCloseTo(0, within(1e-6));
        assertThat(s.sharpness()).isCloseTo(0, within(1e-9));
        assertThat(s.saturation()).isCloseTo(0, within(1e-9));
    }

    @Test
    void stats_checkerboard_isSharperThanBlurred() {
        BufferedImage sharp = checkerboard(32, 32);
        BufferedImage blurred = new java.awt.image.ConvolveOp(new java.awt.image.Kernel(3, 3,
                new float[]{1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f})).filter(sharp, null);
        assertThat(ImageStats.of(sharp).sharpness()).isGreaterThan(ImageStats.of(blurred).sharpness() * 2);
        assertThat(ImageStats.of(sharp).contrast()).isCloseTo(0.5, within(1e-6));
    }

    static BufferedImage checkerboard(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x + y) % 2 == 0) ? 0xFFFFFF : 0x000000);
            }
        }
        return img;
    }

    /** 40 x 30 of noise in every sample, of a {@link BufferedImage} type. */
    static BufferedImage noise(int type) {
        return noise(type, 40, 30);
    }

    static BufferedImage noise(int type, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random random = new Random(type);
        int max = type == BufferedImage.TYPE_USHORT_GRAY ? 65_536 : type == BufferedImage.TYPE_BYTE_BINARY ? 2 : 256;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                for (int b = 0; b < img.getRaster().getNumBands(); b++) {
                    img.getRaster().setSample(x, y, b, random.nextInt(max));
                }
            }
        }
        return img;
    }

    /** Every sample of every band, pixel by pixel, in the raster's band order. */
    static int[] samples(BufferedImage img) {
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }
}

package dev.loupe.data.generate;

import dev.loupe.core.image.Images;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PngEncoderTest {

    private static BufferedImage randomImage(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void encode_decodesToTheSamePixels_atEveryLevelAndOddSizes() throws Exception {
        for (int[] size : new int[][]{{1, 1}, {17, 5}, {128, 128}}) {
            BufferedImage img = randomImage(size[0], size[1], size[0]);
            for (PngEncoder encoder : new PngEncoder[]{PngEncoder.fast(), new PngEncoder(0), new PngEncoder(9)}) {
                BufferedImage back = Images.decode(encoder.encode(img));
                assertThat(Pixels.rgb(back)).isEqualTo(Pixels.rgb(img));
            }
        }
    }

    @Test
    void encode_generatedFrame_isSmallerThanRawPixels() {
        Frame f = new ProductionLine(Scenario.STABLE, 1, LineOptions.defaults()).frame(0);
        assertThat(f.png().length).isLessThan(128 * 128 * 3 * 3 / 4);
    }
}

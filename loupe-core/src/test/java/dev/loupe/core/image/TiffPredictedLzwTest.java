package dev.loupe.core.image;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static dev.loupe.core.image.TiffInflaterTest.rgb16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TiffPredictedLzwTest {
    @Test
    void decode_16bitLzwStripsWithThePredictor_givesTheSamplesTheFileMeans() throws Exception {
        TiffInflaterTest.assertPredicted16BitStripsDecode("LZW");
    }

    @Test
    void decode_16bitLzwStripWithThePredictorCutShort_isRefusedAsTheCheckSaysIt() throws Exception {
        byte[] tiff = BrokenImages.predicted16BitTiff(rgb16(128, 128), "LZW", ByteOrder.LITTLE_ENDIAN, 0);
        TiffLayout layout = TiffLayout.of(tiff);
        byte[] cut = BrokenImages.tiffWithStripCut(tiff, 1, (int) layout.byteCounts()[1] / 3);
        String check = TiffLayout.of(cut).cutShort(cut);
        assertThat(check).isNotEmpty();
        assertThatThrownBy(() -> Images.decode(cut)).isInstanceOf(ImageDecodeException.class)
                .isNotInstanceOf(UnsupportedImageException.class).hasMessage("corrupt TIFF: " + check);
    }
}

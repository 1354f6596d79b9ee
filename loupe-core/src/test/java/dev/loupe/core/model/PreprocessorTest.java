package dev.loupe.core.model;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PreprocessorTest {

    private static ModelDescriptor.Input input(int w, int h, ModelDescriptor.Colour colour, ModelDescriptor.Normalisation n) {
        return new ModelDescriptor.Input("image", w, h, colour, n);
    }

    static BufferedImage gray(int w, int h, int... values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        return img;
    }

    private static BufferedImage rgb(int w, int h, int... rgbTriples) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) {
            img.setRGB(i % w, i / w, (rgbTriples[3 * i] << 16) | (rgbTriples[3 * i + 1] << 8) | rgbTriples[3 * i + 2]);
        }
        return img;
    }

    @Test
    void apply_upscaleRow_isBilinearWithHalfPixelCentres() {
        Preprocessor p = new Preprocessor(input(4, 1, ModelDescriptor.Colour.GRAYSCALE, ModelDescriptor.Normalisation.unit(1)));
        // source x = (x + 0.5) * 2/4 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        assertThat(p.apply(gray(2, 1, 0, 255))).containsExactly(new float[]{0f, 0.25f, 0.75f, 1f}, within(1e-6f));
    }

    @Test
    void apply_2x2To3x3_centreIsTheMeanOfFour() {
        Preprocessor p = new Preprocessor(input(3, 3, ModelDescriptor.Colour.GRAYSCALE,
                new ModelDescriptor.Normalisation(1, List.of(0.0), List.of(1.0))));
        float[] out = p.apply(gray(2, 2, 0, 100, 200, 255));
        assertThat(out).containsExactly(new float[]{0, 50, 100, 100, 138.75f, 177.5f, 200, 227.5f, 255}, within(1e-4f));
    }

    @Test
    void apply_rgb_isPlanarAndNormalisedPerChannel() {
        Preprocessor p = new Preprocessor(input(2, 1, ModelDescriptor.Colour.RGB,
                new ModelDescriptor.Normalisation(1, List.of(1.0, 2.0, 3.0), List.of(1.0, 2.0, 4.0))));
        float[] out = p.apply(rgb(2, 1, 10, 20, 30, 40, 50, 60));
        assertThat(out).containsExactly(new float[]{9, 39, 9, 24, 6.75f, 14.25f}, within(1e-5f));
    }

    @Test
    void applyPlanes_givesWhatTheImageGives_andAGreyInputTakesTheLumaOfThree() {
        BufferedImage image = rgb(2, 1, 10, 20, 30, 40, 50, 60);
        float[][] planes = {{10, 40}, {20, 50}, {30, 60}};
        Preprocessor colour = new Preprocessor(input(3, 2, ModelDescriptor.Colour.RGB, ModelDescriptor.Normalisation.unit(3)));
        float[] fromPlanes = new float[colour.size()];
        colour.apply(planes, 2, 1, fromPlanes, 0);
        assertThat(fromPlanes).containsExactly(colour.apply(image), within(1e-6f));

        Preprocessor grey = new Preprocessor(input(1, 1, ModelDescriptor.Colour.GRAYSCALE,
                new ModelDescriptor.Normalisation(1, List.of(0.0), List.of(1.0))));
        float[] luma = new float[1];
        grey.apply(new float[][]{{100}, {50}, {200}}, 1, 1, luma, 0);
        assertThat(luma).containsExactly(new float[]{82.05f}, within(1e-4f));
    }

    @Test
    void apply_colourImageToGrayscaleInput_usesBt601Luma() {
        Preprocessor p = new Preprocessor(input(1, 1, ModelDescriptor.Colour.GRAYSCALE,
                new ModelDescriptor.Normalisation(1, List.of(0.0), List.of(1.0))));
        assertThat(p.apply(rgb(1, 1, 100, 50, 200))).containsExactly(new float[]{82.05f}, within(1e-4f));
    }

    @Test
    void apply_grayscaleImageToRgbInput_repeatsTheChannel() {
        Preprocessor p = new Preprocessor(input(1, 1, ModelDescriptor.Colour.RGB, ModelDescriptor.Normalisation.unit(3)));
        assertThat(p.apply(gray(1, 1, 51))).containsExactly(new float[]{0.2f, 0.2f, 0.2f}, within(1e-6f));
    }

    @Test
    void apply_intoBatch_writesAtTheOffset() {
        Preprocessor p = new Preprocessor(input(1, 1, ModelDescriptor.Colour.GRAYSCALE, ModelDescriptor.Normalisation.unit(1)));
        float[] batch = new float[3];
        p.apply(gray(1, 1, 255), batch, 2);
        assertThat(batch).containsExactly(0f, 0f, 1f);
    }
}

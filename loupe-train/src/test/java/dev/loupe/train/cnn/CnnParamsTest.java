package dev.loupe.train.cnn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CnnParamsTest {

    @Test
    void channels_scaleWithTheWidthMultiplier() {
        assertThat(CnnParams.defaults().channels()).containsExactly(8, 16, 32, 64);
        assertThat(CnnParams.defaults().withWidthMultiplier(2).channels()).containsExactly(16, 32, 64, 128);
        assertThat(CnnParams.defaults().withWidthMultiplier(0.25).channels()).containsExactly(2, 4, 8, 16);
    }

    @Test
    void new_outOfRangeValues_areRejectedByName() {
        assertThatThrownBy(() -> CnnParams.defaults().withBatchSize(1)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> CnnParams.defaults().withLearningRate(0)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> CnnParams.defaults().withInputSize(8)).hasMessageContaining("inputSize");
        assertThatThrownBy(() -> CnnParams.defaults().withWidthMultiplier(0.1)).hasMessageContaining("widthMultiplier");
        assertThatThrownBy(() -> CnnParams.defaults().withDetailSigma(0.2)).hasMessageContaining("detailSigma");
        assertThatThrownBy(() -> CnnParams.defaults().withDetailSigma(9)).hasMessageContaining("detailSigma");
        assertThatThrownBy(() -> CnnParams.defaults().withFlipViews(3)).hasMessageContaining("flipViews");
        assertThatThrownBy(() -> CnnParams.defaults().withSecondStride(3)).hasMessageContaining("secondStride");
        assertThatThrownBy(() -> CnnParams.defaults().withGemPower(0.5)).hasMessageContaining("gemPower");
        assertThatThrownBy(() -> CnnParams.defaults().withGemPower(9)).hasMessageContaining("gemPower");
        assertThatThrownBy(() -> new Augmentation(false, false, 0, 1.5, 0, 0, 0, 0)).hasMessageContaining("contrast");
    }
}

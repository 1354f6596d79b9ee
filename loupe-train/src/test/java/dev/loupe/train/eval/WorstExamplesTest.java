package dev.loupe.train.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorstExamplesTest {

    @Test
    void safe_keepsPlainNames_andKeepsNamesApartThatOnlyDifferInWhatItReplaces() {
        assertThat(WorstExamples.safe("lighting=dim")).isEqualTo("lighting=dim");
        assertThat(WorstExamples.safe("defect_type=pits")).isEqualTo("defect_type=pits");

        String a = WorstExamples.safe("station=ä/x");
        String b = WorstExamples.safe("station=ö/x");
        assertThat(a).startsWith("station=_x~").matches("[A-Za-z0-9._=~-]+");
        assertThat(b).startsWith("station=_x~").isNotEqualTo(a);
        assertThat(WorstExamples.safe("../etc")).doesNotContain("/").isNotEqualTo("..");

        String longA = WorstExamples.safe("note=" + "x".repeat(120) + "a");
        String longB = WorstExamples.safe("note=" + "x".repeat(120) + "b");
        assertThat(longA).hasSizeLessThanOrEqualTo(111).isNotEqualTo(longB);
    }

    @Test
    void folder_ofAnAnnotatorsSlice_isTheAnnotatorsColumnAlone() {
        assertThat(WorstExamples.folder("annotator:annotator_1=ok")).isEqualTo("annotator_1=ok");
        assertThat(WorstExamples.folder("lighting=dim")).isEqualTo("lighting=dim");
    }
}

package dev.loupe.train.eval;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.store.BlobId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SliceAnalysisTest {

    private static final BlobId BLOB = BlobId.of("0".repeat(64));

    static ScoredSample scored(String path, boolean defect, double score, Map<String, String> meta, Map<String, String> annotators) {
        Sample s = new Sample(path, BLOB, Optional.of(defect ? "defect" : "ok"), annotators, Split.TEST, meta,
                new Sample.ImageInfo.Unreadable("not needed"));
        return new ScoredSample(s, defect, score, 1_000);
    }

    /** 40 images; in the "dark" lighting band half the defects are missed, elsewhere none. */
    static List<ScoredSample> plantedWeakSlice() {
        List<ScoredSample> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double light = 0.1 + i * 0.02;            // 0.10 .. 0.88, the lowest quarter < 0.30
            boolean dark = i < 10;
            boolean defect = i % 2 == 0;
            double score = defect ? (dark && i % 4 == 0 ? 0.2 : 0.9) : 0.1;
            out.add(scored("img" + i + ".png", defect, score,
                    Map.of("lighting", String.format(java.util.Locale.ROOT, "%.2f", light), "variant", i % 3 == 0 ? "a" : "b"),
                    Map.of("alice", defect ? "defect" : "ok")));
        }
        return out;
    }

    @Test
    void analyse_plantedWeakLightingBand_rankedFirstByRecallDrop() {
        List<SliceResult> slices = SliceAnalysis.analyse(plantedWeakSlice(), 0.5, 4);
        SliceResult worst = slices.getFirst();
        assertThat(worst.column()).isEqualTo("lighting");
        assertThat(worst.value()).isEqualTo("q1 [0.1, 0.28]");
        assertThat(worst.lossMetric()).isEqualTo("recall");
        // 3 of 5 dark defects missed (i = 0, 4, 8): recall 2/5 against 37/40... overall recall 17/20
        assertThat(worst.metrics().recall()).isEqualTo(0.4);
        assertThat(worst.loss()).isCloseTo(17.0 / 20 - 0.4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(worst.members()).hasSize(10);
    }

    @Test
    void analyse_numericColumnBandedIntoQuantileBins_categoricalAsIs() {
        List<SliceResult> slices = SliceAnalysis.analyse(plantedWeakSlice(), 0.5, 4);
        assertThat(slices.stream().filter(s -> s.column().equals("lighting"))).hasSize(4);
        assertThat(slices.stream().filter(s -> s.column().equals("variant")).map(SliceResult::value)).containsExactlyInAnyOrder("a", "b");
        assertThat(slices.stream().filter(s -> s.column().equals("annotator:alice")).map(SliceResult::value))
                .containsExactlyInAnyOrder("ok", "defect");
    }

    @Test
    void analyse_goodOnlySlice_rankedByFalseRejectRise() {
        List<ScoredSample> s = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            s.add(scored("d" + i, true, 0.9, Map.of("station", "s1"), Map.of()));
            s.add(scored("g" + i, false, 0.1, Map.of("station", "s1"), Map.of()));
        }
        for (int i = 0; i < 10; i++) {
            s.add(scored("x" + i, false, i < 5 ? 0.7 : 0.1, Map.of("station", "s2"), Map.of())); // 5 false rejects
        }
        SliceResult worst = SliceAnalysis.analyse(s, 0.5, 4).getFirst();
        assertThat(worst.name()).isEqualTo("station=s2");
        assertThat(worst.lossMetric()).isEqualTo("false_reject_rate");
        assertThat(worst.loss()).isCloseTo(0.5 - 5.0 / 20, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void analyse_sampleWithoutTheColumn_fallsInMissing() {
        List<ScoredSample> s = List.of(scored("a", true, 0.9, Map.of("variant", "x"), Map.of()),
                scored("b", false, 0.1, Map.of(), Map.of()));
        assertThat(SliceAnalysis.analyse(s, 0.5, 4)).extracting(SliceResult::name)
                .containsExactlyInAnyOrder("variant=x", "variant=(missing)");
    }

    @Test
    void worst_missedDefectsAndFalseRejects_mostWrongFirst() {
        List<ScoredSample> s = List.of(scored("a", true, 0.45, Map.of(), Map.of()), scored("b", true, 0.05, Map.of(), Map.of()),
                scored("c", false, 0.7, Map.of(), Map.of()), scored("d", false, 0.1, Map.of(), Map.of()));
        assertThat(WorstExamples.worst(s, 0.5, 5)).extracting(x -> x.sample().path()).containsExactly("b", "c", "a");
    }
}

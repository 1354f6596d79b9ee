package dev.loupe.data.version;

import dev.loupe.core.dataset.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StableSplitterTest {
    private final StableSplitter splitter = new StableSplitter(SplitRatios.DEFAULT);

    @Test
    void quota_matchesRatiosExactly_forRoundNumbers() {
        assertThat(splitter.quota(100)).isEqualTo(Map.of(Split.TRAIN, 70, Split.VALIDATION, 15, Split.TEST, 15));
    }

    @Test
    void quota_tinyClasses_stillGetTestBeforeValidation() {
        assertThat(splitter.quota(1)).isEqualTo(Map.of(Split.TRAIN, 1, Split.VALIDATION, 0, Split.TEST, 0));
        assertThat(splitter.quota(2)).isEqualTo(Map.of(Split.TRAIN, 1, Split.VALIDATION, 0, Split.TEST, 1));
        assertThat(splitter.quota(3)).isEqualTo(Map.of(Split.TRAIN, 1, Split.VALIDATION, 1, Split.TEST, 1));
        assertThat(splitter.quota(7).get(Split.TEST)).isEqualTo(1);
    }

    @Test
    void assign_dependsOnContentNotOnInputOrder() {
        List<StableSplitter.Item> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(new StableSplitter.Item(i % 5 == 0 ? "defect" : "ok", dev.loupe.core.store.Sha256.of(new byte[]{(byte) i}).sha256(), "f" + i));
        }
        Map<String, Split> a = splitter.assign(new ArrayList<>(items));
        List<StableSplitter.Item> reversed = new ArrayList<>(items.reversed());
        assertThat(splitter.assign(reversed)).isEqualTo(a);
        assertThat(a.values().stream().filter(s -> s == Split.TEST).count()).isEqualTo(2 + 6); // defect 10 -> 1.5, ties go to test: 2; ok 40 -> 6
    }

    @Test
    void assign_copiesOfOneFile_landInOneSplit_evenWhereACutFallsAmongThem() {
        // 20 items: test takes the 3 lowest keys; keys 2, 3 and 4 are one file copied three times, across that cut
        List<StableSplitter.Item> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = String.format("%02d", i >= 2 && i <= 4 ? 2 : i);
            items.add(new StableSplitter.Item("ok", key, "f" + i));
        }
        Map<String, Split> a = splitter.assign(items);
        assertThat(List.of(a.get("f2"), a.get("f3"), a.get("f4"))).containsOnly(Split.TEST);
        assertThat(a.get("f0")).isEqualTo(Split.TEST);
        assertThat(a.values()).contains(Split.VALIDATION, Split.TRAIN);
    }

    @Test
    void ratios_parseAndReject() {
        assertThat(SplitRatios.parse("0.8, 0.1, 0.1")).isEqualTo(new SplitRatios(0.8, 0.1, 0.1));
        assertThat(SplitRatios.parse("0.7,0.15,0.15").toString()).isEqualTo("0.7,0.15,0.15");
        assertThatThrownBy(() -> SplitRatios.parse("0.7,0.3")).hasMessageContaining("three ratios");
        assertThatThrownBy(() -> SplitRatios.parse("0.7,0.3,0.3")).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> SplitRatios.parse("0,0.5,0.5")).hasMessageContaining("train");
    }
}

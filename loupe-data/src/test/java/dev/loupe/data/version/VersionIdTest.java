package dev.loupe.data.version;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.store.Sha256;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VersionIdTest {
    private static Sample sample(String path, String label, Map<String, String> meta, Split split) {
        return new Sample(path, Sha256.of(path.getBytes()), Optional.ofNullable(label), Map.of(), split, meta,
                new Sample.ImageInfo.Unreadable("x"));
    }

    @Test
    void of_ignoresSampleOrder() {
        Sample a = sample("a.png", "ok", Map.of(), Split.TRAIN), b = sample("b.png", "ok", Map.of(), Split.TEST);
        assertThat(VersionId.of(List.of(a, b), SplitRatios.DEFAULT)).isEqualTo(VersionId.of(List.of(b, a), SplitRatios.DEFAULT));
    }

    @Test
    void of_changesWithLabelMetadataSplitOrMissingLabel() {
        String base = VersionId.of(List.of(sample("a.png", "ok", Map.of("k", "v"), Split.TRAIN)), SplitRatios.DEFAULT);
        assertThat(List.of(
                VersionId.of(List.of(sample("a.png", "defect", Map.of("k", "v"), Split.TRAIN)), SplitRatios.DEFAULT),
                VersionId.of(List.of(sample("a.png", "ok", Map.of("k", "w"), Split.TRAIN)), SplitRatios.DEFAULT),
                VersionId.of(List.of(sample("a.png", "ok", Map.of("k", "v"), Split.TEST)), SplitRatios.DEFAULT),
                VersionId.of(List.of(sample("a.png", null, Map.of("k", "v"), Split.TRAIN)), SplitRatios.DEFAULT),
                VersionId.of(List.of(sample("a.png", "ok", Map.of("k", "v"), Split.TRAIN)), SplitRatios.parse("0.8,0.1,0.1"))))
                .doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void of_lengthPrefixing_keepsFieldBoundaries() {
        String a = VersionId.of(List.of(sample("a.png", "ok", Map.of("ab", "c"), Split.TRAIN)), SplitRatios.DEFAULT);
        String b = VersionId.of(List.of(sample("a.png", "ok", Map.of("a", "bc"), Split.TRAIN)), SplitRatios.DEFAULT);
        assertThat(a).isNotEqualTo(b);
        assertThat(VersionId.shortId(a)).hasSize(12).isEqualTo(a.substring(0, 12));
    }
}

package dev.loupe.data.labels;

import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.store.BlobId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelTableTest {

    @TempDir
    Path dir;

    @Test
    void fromSamples_usesAnnotationsAndSkipsUnannotatedSamples() {
        List<Sample> samples = List.of(
                sample("a.png", Map.of("ann", "ok", "ben", "defect")),
                sample("b.png", Map.of()),
                sample("c.png", Map.of("ben", "ok")));

        LabelTable t = LabelTable.fromSamples(samples, List.of("ok", "defect"));

        assertThat(t.items()).containsExactly("a.png", "c.png");
        assertThat(t.annotators()).containsExactly("ann", "ben");
        assertThat(t.labels()).containsExactly("ok", "defect");
        assertThat(t.row(1)).containsExactly(Map.entry("ben", "ok"));
        assertThat(t.complete()).isFalse();
    }

    @Test
    void build_labelsFollowThePreferredOrderThenAlphabetical() {
        LabelTable t = LabelTable.builder().put("i", "a", "scratch").put("i", "b", "defect").put("j", "a", "dent")
                .build(List.of("ok", "defect"));

        assertThat(t.labels()).containsExactly("defect", "dent", "scratch");
    }

    @Test
    void manifest_readsAnnotatorColumnsWithQuotesAndBlankCells() throws IOException {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "\uFEFFfile,label,annotator_ann,annotator_ben,lighting\r\n"
                + "good/1.png,ok,ok,ok,dim\r\n"
                + "\"bad/2, with comma.png\",defect,defect,,\"bright \"\"lamp\"\"\"\r\n"
                + "bad/3.png,defect,ok,defect,dim\r\n");

        LabelTable t = LabelManifest.read(csv, List.of("ok", "defect"));

        assertThat(t.items()).containsExactly("good/1.png", "bad/2, with comma.png", "bad/3.png");
        assertThat(t.annotators()).containsExactly("ann", "ben");
        assertThat(t.label(1, 1)).isEmpty();
        assertThat(t.label(2, 0)).contains("ok");
    }

    @Test
    void manifest_withoutAnnotatorColumns_isRejectedNamingTheHeader() throws IOException {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "file,label\na.png,ok\n");

        assertThatThrownBy(() -> LabelManifest.read(csv, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":1: no annotator_<name> columns");
    }

    @Test
    void manifest_rowWithWrongFieldCount_isRejectedNamingTheLine() throws IOException {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "file,annotator_a\na.png,ok\nb.png,ok,extra\n");

        assertThatThrownBy(() -> LabelManifest.read(csv, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m.csv:3: 3 fields");
    }

    @Test
    void builder_twoLabelsForOneCell_isRejected() {
        LabelTable.Builder b = LabelTable.builder().put("i", "a", "ok");

        assertThatThrownBy(() -> b.put("i", "a", "defect")).hasMessageContaining("two labels");
    }

    private static Sample sample(String path, Map<String, String> annotations) {
        return new Sample(path, BlobId.of("0".repeat(64)), Optional.empty(), annotations, Split.TRAIN, Map.of(),
                new Sample.ImageInfo.Unreadable("test"));
    }
}

package dev.loupe.data.validate;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.data.DataFixture;
import dev.loupe.data.TestImages;
import dev.loupe.data.imports.Csv;
import dev.loupe.data.imports.ImportRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.loupe.data.TestImages.png;
import static dev.loupe.data.TestImages.varied;
import static dev.loupe.data.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;

class DatasetValidatorTest {
    @TempDir
    Path tmp;
    DataFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new DataFixture(tmp.resolve("home"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private ValidationReport validate(Path source) throws Exception {
        DatasetVersion v = f.importer.importFrom(ImportRequest.of(source, "d")).version();
        return new DatasetValidator(f.blobs, 2).validate(v, f.metadata.datasets().samples(v));
    }

    @Test
    void validate_cleanSet_findsNothing_andPasses() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("clean"), 1, 150, "ok", "defect");

        ValidationReport r = validate(src);

        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.samples()).isEqualTo(300);
        assertThat(r.readable()).isEqualTo(300);
        assertThat(r.splitCounts()).isEqualTo(Map.of("train", 210, "validation", 44, "test", 46));
        assertThat(r.statistics().bySplit().get("test").get("brightness").n()).isEqualTo(46);
        assertThat(r.statistics().byLabel().keySet()).containsExactly("defect", "ok");
    }

    /** Planted problems, each found, named and counted exactly, and nothing else. */
    @Test
    void validate_plantedProblems_eachFoundNamedAndCounted() throws Exception {
        Path src = tmp.resolve("planted");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("file", "label", "split", "annotator_1", "annotator_2"));
        long seed = 100;
        for (int i = 0; i < 130; i++) { // 130 + 4 planted ok files vs 11 + 2 defect: 10.3:1
            rows.add(row(src, "ok/" + i + ".png", png(varied(seed++, 48, 48)), "ok", "", "ok", "ok"));
        }
        for (int i = 0; i < 11; i++) {
            rows.add(row(src, "defect/" + i + ".png", png(varied(seed++, 48, 48)), "defect", "", "defect", "defect"));
        }
        byte[] whole = png(varied(seed++, 48, 48));
        rows.add(row(src, "ok/truncated.png", Arrays.copyOf(whole, whole.length - 30), "ok", "", "ok", "ok"));
        rows.add(row(src, "ok/text.png", "not an image at all".getBytes(StandardCharsets.UTF_8), "ok", "", "ok", "ok"));
        byte[] dup = png(varied(seed++, 48, 48));
        rows.add(row(src, "ok/dup_train.png", dup, "ok", "train", "ok", "ok"));
        rows.add(row(src, "ok/dup_test.png", dup, "ok", "test", "ok", "ok"));
        BufferedImage near = varied(seed++, 48, 48);
        rows.add(row(src, "defect/near.png", png(near), "defect", "train", "defect", "defect"));
        rows.add(row(src, "defect/near.jpg", TestImages.jpeg(near, 0.85f), "defect", "train", "defect", "defect"));
        for (int i = 0; i < 3; i++) { // the annotators disagree and there is no label: unlabelled
            rows.add(row(src, "review/" + i + ".png", png(varied(seed++, 48, 48)), "", "", "ok", "defect"));
        }
        Files.writeString(src.resolve("manifest.csv"), String.join("\n", rows.stream().map(Csv::line).toList()));

        ValidationReport r = validate(src);

        assertThat(r.findings()).extracting(x -> x.type().id() + ":" + x.severity().lower()).containsExactlyInAnyOrder(
                "unreadable:error", "unreadable:error", "split_leakage:error", "near_duplicate:warning",
                "class_imbalance:warning", "unlabelled:warning", "annotator_disagreement:warning", "mixed_formats:info");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.findings(FindingType.UNREADABLE)).flatExtracting(Finding::files)
                .containsExactlyInAnyOrder("ok/truncated.png", "ok/text.png");
        assertThat(r.findings(FindingType.UNREADABLE)).extracting(Finding::message)
                .anyMatch(m -> m.contains("truncated PNG")).anyMatch(m -> m.contains("not a PNG, JPEG, BMP or TIFF"));
        Finding leak = r.findings(FindingType.SPLIT_LEAKAGE).getFirst();
        assertThat(leak.files()).containsExactly("ok/dup_test.png", "ok/dup_train.png");
        assertThat(leak.details()).containsEntry("match", "exact").containsEntry("splits", List.of("test", "train"));
        assertThat(r.findings(FindingType.NEAR_DUPLICATE).getFirst().files())
                .containsExactly("defect/near.jpg", "defect/near.png");
        Finding imbalance = r.findings(FindingType.CLASS_IMBALANCE).getFirst();
        assertThat(imbalance.details()).containsEntry("counts", Map.of("defect", 13, "ok", 134))
                .containsEntry("minority", "defect");
        assertThat(imbalance.files()).hasSize(13);
        assertThat(r.findings(FindingType.UNLABELLED).getFirst().files())
                .containsExactly("review/0.png", "review/1.png", "review/2.png");
        Finding disagree = r.findings(FindingType.ANNOTATOR_DISAGREEMENT).getFirst();
        assertThat(disagree.files()).containsExactly("review/0.png", "review/1.png", "review/2.png");
        assertThat(disagree.details()).containsEntry("count", 3);
        assertThat(r.findings(FindingType.MIXED_FORMATS).getFirst().files()).containsExactly("defect/near.jpg");
    }

    private static List<String> row(Path root, String file, byte[] bytes, String label, String split, String a1, String a2) {
        write(root, file, bytes);
        return List.of(file, label, split, a1, a2);
    }

    @Test
    void validate_sameImageInOneSplit_isExactDuplicateWarning() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("d"), 1, 10, "ok");
        Files.copy(src.resolve("ok/0001.png"), src.resolve("ok/copy.png"));

        ValidationReport r = validate(src);

        // identical bytes sort together, so the stable splitter puts both copies in one split
        assertThat(r.findings()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(FindingType.EXACT_DUPLICATE);
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.files()).containsExactly("ok/0001.png", "ok/copy.png");
        });
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void validate_mixedSizesAndChannels_namesTheOddFiles() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("m"), 1, 10, "ok");
        write(src, "ok/big.png", png(varied(500, 64, 40)));
        write(src, "ok/gray.png", png(TestImages.gray(varied(501, 48, 48))));

        ValidationReport r = validate(src);

        assertThat(r.findings(FindingType.MIXED_SIZES)).singleElement().extracting(Finding::files)
                .isEqualTo(List.of("ok/big.png"));
        assertThat(r.findings(FindingType.MIXED_CHANNELS)).singleElement().extracting(Finding::files)
                .isEqualTo(List.of("ok/gray.png"));
        assertThat(r.findings()).hasSize(2);
    }

    @Test
    void validate_darkTestImages_flagsBrightnessSkew() throws Exception {
        Path src = tmp.resolve("skew");
        List<String> lines = new ArrayList<>(List.of("file,label,split"));
        for (int i = 0; i < 100; i++) {
            boolean test = i >= 70;
            BufferedImage img = varied(i, 48, 48);
            if (test) {
                img = new java.awt.image.RescaleOp(0.4f, 0, null).filter(img, null); // the lamp dimmed
            }
            write(src, i + ".png", png(img));
            lines.add(i + ".png,ok," + (test ? "test" : "train"));
        }
        Files.writeString(src.resolve("manifest.csv"), String.join("\n", lines));

        ValidationReport r = validate(src);

        List<Finding> skew = r.findings(FindingType.SPLIT_SKEW);
        assertThat(skew).extracting(x -> x.details().get("statistic")).contains("brightness");
        Finding brightness = skew.stream().filter(x -> x.details().get("statistic").equals("brightness")).findFirst().orElseThrow();
        assertThat(brightness.details()).containsEntry("split", "test");
        assertThat((double) brightness.details().get("ks_d")).isGreaterThan(0.5);
        assertThat(brightness.files()).hasSize(SkewCheck.EXAMPLES).allMatch(p -> Integer.parseInt(p.replace(".png", "")) >= 70);
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void validate_json_hasStableSchema() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("j"), 1, 6, "ok");
        write(src, "ok/bad.png", "nope".getBytes(StandardCharsets.UTF_8));

        var json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(ReportJson.document(validate(src)));

        assertThat(json.get("schema").asText()).isEqualTo("loupe.data.validation/1");
        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("samples").asInt()).isEqualTo(7);
        assertThat(json.get("finding_counts").get("error").asInt()).isEqualTo(1);
        var finding = json.get("findings").get(0);
        assertThat(finding.get("type").asText()).isEqualTo("unreadable");
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("files").get(0).asText()).isEqualTo("ok/bad.png");
        assertThat(json.get("statistics").get("by_split").get("train").get("brightness").has("p50")).isTrue();
    }
}

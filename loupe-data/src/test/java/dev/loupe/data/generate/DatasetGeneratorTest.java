package dev.loupe.data.generate;

import dev.loupe.core.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetGeneratorTest {
    @TempDir
    Path tmp;

    private GenerateRequest request(String dir, int count) {
        return GenerateRequest.of(tmp.resolve(dir), count, Scenario.STABLE).withSize(64).withAnnotators(3);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void generate_sameRequest_givesByteIdenticalFiles_whateverTheThreadCount() throws IOException {
        DatasetGenerator.generate(request("a", 150).withThreads(1));
        DatasetGenerator.generate(request("b", 150).withThreads(2));
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertThat(files(b)).isEqualTo(files(a)).hasSize(152);
        for (Path f : files(a)) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
    }

    @Test
    void generate_differentSeed_givesDifferentImagesAndManifest() throws IOException {
        DatasetGenerator.generate(request("a", 5));
        DatasetGenerator.generate(request("b", 5).withSeed(43));
        Path img = Path.of("images", "000000.png");
        assertThat(Files.readAllBytes(tmp.resolve("b").resolve(img)))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(img)));
        assertThat(Files.readString(tmp.resolve("b/manifest.csv"))).isNotEqualTo(Files.readString(tmp.resolve("a/manifest.csv")));
    }

    @Test
    void generate_writesOneManifestRowPerImage_withEveryFactorColumn() throws Exception {
        GenerationSummary summary = DatasetGenerator.generate(request("d", 40));
        List<String> lines = Files.readAllLines(tmp.resolve("d/manifest.csv"));
        assertThat(lines.getFirst()).isEqualTo("file,label,defect_type,defect_size,lighting,lighting_gradient,variant,"
                + "blur,noise,rotation,offset_x,offset_y,dust,glare,frame,annotator_1,annotator_2,annotator_3");
        assertThat(lines).hasSize(41);
        ProductionLine line = new ProductionLine(Scenario.STABLE, 42, request("d", 40).lineOptions());
        for (int i = 0; i < 40; i++) {
            String[] cols = lines.get(i + 1).split(",");
            assertThat(cols).hasSize(18);
            assertThat(cols[0]).isEqualTo(String.format("images/%06d.png", i));
            assertThat(cols[14]).isEqualTo(Integer.toString(i));
            Factors f = line.factors(i);
            assertThat(cols[1]).isEqualTo(f.label().csv());
            assertThat(cols[2]).isEqualTo(f.defectType().csv());
            assertThat(Double.parseDouble(cols[4])).isEqualTo(f.lighting());
            assertThat(cols[6]).isEqualTo(f.variant().csv());
            assertThat(Images.decode(Files.readAllBytes(tmp.resolve("d").resolve(cols[0]))).getWidth()).isEqualTo(64);
        }
        long defects = lines.stream().skip(1).filter(l -> l.split(",")[1].equals("defect")).count();
        assertThat(summary.defects()).isEqualTo(defects);
        assertThat(summary.count()).isEqualTo(40);
        assertThat(summary.defectsByType()).containsKeys(DefectType.SCRATCH, DefectType.CRACK)
                .doesNotContainKey(DefectType.NONE);
        assertThat(Files.readString(tmp.resolve("d/generation.json"))).contains("\"scenario\": \"stable\"", "\"seed\": 42");
    }

    @Test
    void generate_intoAnExistingDataset_isRefusedUnlessOverwriting_whichDropsStaleImages() throws IOException {
        DatasetGenerator.generate(request("e", 12));
        assertThatThrownBy(() -> DatasetGenerator.generate(request("e", 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds a generated dataset");
        DatasetGenerator.generate(request("e", 5).withOverwrite(true));
        try (Stream<Path> images = Files.list(tmp.resolve("e/images"))) {
            assertThat(images.count()).isEqualTo(5);
        }
    }

    @Test
    void generate_intoAFolderOfNumberedImages_isRefusedAndTouchesNothing() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("f/images"));
        Files.write(images.resolve("000001.png"), new byte[]{1, 2, 3});
        assertThatThrownBy(() -> DatasetGenerator.generate(request("f", 5))).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(images.resolve("000001.png"))).containsExactly(1, 2, 3);
    }

    @Test
    void request_badValues_areRefusedWithTheirLimits() {
        Path out = tmp.resolve("x");
        assertThatThrownBy(() -> GenerateRequest.of(out, 0, Scenario.STABLE)).hasMessageContaining("count must be > 0");
        assertThatThrownBy(() -> GenerateRequest.of(out, 5, Scenario.STABLE).withDefectRate(-0.1))
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> GenerateRequest.of(out, 5, Scenario.STABLE).withThreads(0))
                .hasMessageContaining("threads");
    }
}

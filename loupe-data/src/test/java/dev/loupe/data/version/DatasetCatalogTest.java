package dev.loupe.data.version;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.DataFixture;
import dev.loupe.data.TestImages;
import dev.loupe.data.imports.ImportFormat;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.data.imports.ImportResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the trainer and other stages rely on: resolving versions, reading samples and bytes, exporting. */
class DatasetCatalogTest {
    @TempDir
    Path tmp;
    DataFixture f;
    DatasetCatalog catalog;

    @BeforeEach
    void open() throws Exception {
        f = new DataFixture(tmp.resolve("home"));
        catalog = new DatasetCatalog(f.metadata.datasets(), f.blobs);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void catalog_resolvesShortId_andReadsTheImportedBytes() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 10, "ok", "defect");
        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "parts"));

        DatasetVersion v = catalog.resolve("parts@" + VersionId.shortId(r.version().id()));
        List<Sample> test = catalog.samples(v, Split.TEST); // 10 per label: 7 train, 1 validation, 2 test

        assertThat(v).isEqualTo(r.version());
        assertThat(test).hasSize(4).allMatch(s -> s.split() == Split.TEST);
        Sample s = test.getFirst();
        assertThat(catalog.bytes(s)).isEqualTo(Files.readAllBytes(src.resolve(s.path())));
        assertThat(catalog.image(s).getWidth()).isEqualTo(48);
        assertThat(catalog.resolve("parts")).isEqualTo(v);
        assertThatThrownBy(() -> catalog.resolve("parts@ffff0000")).isInstanceOf(UnknownDatasetException.class);
    }

    @Test
    void lineage_followsParents() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 3, "ok");
        DatasetVersion first = f.importer.importFrom(ImportRequest.of(src, "parts")).version();
        TestImages.imageFolder(src, 40, 3, "defect");
        DatasetVersion second = f.importer.importFrom(new ImportRequest(src, "parts", Optional.empty(),
                SplitRatios.DEFAULT, Optional.of(first.ref()))).version();

        assertThat(catalog.lineage(second)).containsExactly(second, first);
    }

    @Test
    void export_thenReimport_keepsLabelsSplitsMetadataAndBytes() throws Exception {
        Path src = tmp.resolve("m");
        StringBuilder csv = new StringBuilder("file,label,lighting,annotator_1\n");
        for (int i = 0; i < 12; i++) {
            TestImages.write(src, "img/" + i + ".png", TestImages.png(TestImages.varied(i, 24, 24)));
            csv.append("img/").append(i).append(".png,").append(i % 3 == 0 ? "defect" : "ok").append(",")
                    .append(i % 2 == 0 ? "dim" : "bright").append(",").append(i % 3 == 0 ? "defect" : "ok").append("\n");
        }
        TestImages.write(src, "img/bad.png", "broken".getBytes(StandardCharsets.UTF_8));
        csv.append("img/bad.png,ok,dim,ok\n");
        Files.writeString(src.resolve("manifest.csv"), csv);
        DatasetVersion v = f.importer.importFrom(ImportRequest.of(src, "m")).version();

        DatasetExporter.Result out = new DatasetExporter(catalog).export(v, Optional.empty(), tmp.resolve("out"));
        DatasetVersion back = f.importer.importFrom(new ImportRequest(tmp.resolve("out"), "back",
                Optional.of(ImportFormat.MANIFEST), SplitRatios.DEFAULT, Optional.empty())).version();

        assertThat(out.written()).isEqualTo(12);
        assertThat(out.skippedUnreadable()).isEqualTo(1);
        Map<String, Sample> original = catalog.samples(v).stream().collect(Collectors.toMap(s -> s.blob().sha256() + s.path(), s -> s));
        for (Sample s : catalog.samples(back)) {
            Sample o = original.get(s.blob().sha256() + s.metadata().get("source_path"));
            assertThat(o).as(s.path()).isNotNull();
            assertThat(s.label()).isEqualTo(o.label());
            assertThat(s.split()).isEqualTo(o.split());
            assertThat(s.annotations()).isEqualTo(o.annotations());
            assertThat(s.metadata()).containsEntry("lighting", o.metadata().get("lighting"));
            assertThat(s.path()).startsWith(o.label().orElseThrow() + "/");
        }
        assertThat(catalog.samples(back)).hasSize(12);
    }

    @Test
    void import_emptyFolder_isAnError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty/ok"));
        Files.writeString(empty.resolve("readme.txt"), "no images");
        assertThatThrownBy(() -> f.importer.importFrom(ImportRequest.of(tmp.resolve("empty"), "e")))
                .hasMessageContaining("no image files found").hasMessageContaining("readme.txt");
        assertThatThrownBy(() -> f.importer.importFrom(ImportRequest.of(tmp.resolve("nowhere"), "e")))
                .hasMessageContaining("does not exist");
    }
}

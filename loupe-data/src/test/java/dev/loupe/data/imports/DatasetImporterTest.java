package dev.loupe.data.imports;

import dev.loupe.core.dataset.DatasetRef;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.data.DataFixture;
import dev.loupe.data.TestImages;
import dev.loupe.data.version.SplitRatios;
import dev.loupe.data.version.UnknownDatasetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.loupe.data.TestImages.png;
import static dev.loupe.data.TestImages.varied;
import static dev.loupe.data.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetImporterTest {
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

    private Map<String, Sample> samples(ImportResult r) {
        return f.metadata.datasets().samples(r.version()).stream()
                .collect(Collectors.toMap(Sample::path, Function.identity()));
    }

    @Test
    void import_sameFolderTwice_givesSameVersion_andStoresNothingTwice() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 10, "ok", "defect");
        ImportResult first = f.importer.importFrom(ImportRequest.of(src, "parts"));
        int blobs = f.blobs.list().size();
        ImportResult second = f.importer.importFrom(ImportRequest.of(src, "parts"));

        assertThat(first.created()).isTrue();
        assertThat(first.newBlobs()).isEqualTo(20);
        assertThat(second.created()).isFalse();
        assertThat(second.newBlobs()).isZero();
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(f.blobs.list()).hasSize(blobs).hasSize(20);
        assertThat(f.metadata.datasets().list()).hasSize(1);
    }

    @Test
    void import_oneChangedByte_givesNewId_andStoresOneBlob() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 5, "ok");
        String before = f.importer.importFrom(ImportRequest.of(src, "parts")).version().id();
        Path file = src.resolve("ok/0003.png");
        byte[] b = Files.readAllBytes(file);
        b[40] ^= 1; // inside the image data: the file no longer decodes the same, and its hash changes
        Files.write(file, b);

        ImportResult after = f.importer.importFrom(ImportRequest.of(src, "parts"));

        assertThat(after.version().id()).isNotEqualTo(before).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(after.newBlobs()).isEqualTo(1);
        assertThat(f.blobs.list()).hasSize(6);
        assertThat(f.metadata.datasets().resolve(DatasetRef.parse("parts")).orElseThrow().id()).isEqualTo(after.version().id());
    }

    @Test
    void import_sameContentUnderAnotherRoot_givesSameId() throws Exception {
        Path a = TestImages.imageFolder(tmp.resolve("a"), 1, 5, "ok", "defect");
        Path b = TestImages.imageFolder(tmp.resolve("b"), 1, 5, "ok", "defect");
        assertThat(f.importer.importFrom(ImportRequest.of(a, "x")).version().id())
                .isEqualTo(f.importer.importFrom(ImportRequest.of(b, "y")).version().id());
    }

    @Test
    void import_differentSplitRatios_giveDifferentIds() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 10, "ok");
        String a = f.importer.importFrom(ImportRequest.of(src, "parts")).version().id();
        String b = f.importer.importFrom(new ImportRequest(src, "parts", Optional.empty(), SplitRatios.parse("0.8,0.1,0.1"),
                Optional.empty())).version().id();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void import_imageFolder_tifAndTiffFiles_areImportedAsTiff() throws Exception {
        Path src = tmp.resolve("src");
        BufferedImage deep = new BufferedImage(32, 24, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(3, 4, 0, 40_000);
        write(src, "ok/a.tif", TestImages.encode(varied(1, 32, 24), "tiff"));
        write(src, "defect/b.TIFF", TestImages.encode(deep, "tiff"));
        write(src, "ok/notes.txt", "a note".getBytes(StandardCharsets.UTF_8));

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "parts"));

        Map<String, Sample> s = samples(r);
        assertThat(s.keySet()).containsExactlyInAnyOrder("ok/a.tif", "defect/b.TIFF");
        assertThat(r.skipped()).singleElement().asString().startsWith("ok/notes.txt").endsWith(".bmp, .tif, .tiff)");
        assertThat(s.values()).allSatisfy(x -> assertThat(((Sample.ImageInfo.Decoded) x.image()).format()).isEqualTo("tiff"));
        assertThat(((Sample.ImageInfo.Decoded) s.get("defect/b.TIFF").image()).channels()).isEqualTo(1);
        assertThat(s.get("defect/b.TIFF").label()).contains("defect");
    }

    @Test
    void import_imageFolder_labelsFromFolders_pngJpegBmpGrayscale() throws Exception {
        Path src = tmp.resolve("src");
        write(src, "ok/a.png", png(varied(1, 32, 24)));
        write(src, "ok/b.jpg", TestImages.jpeg(varied(2, 32, 24), 0.9f));
        write(src, "defect/c.bmp", TestImages.encode(varied(3, 32, 24), "bmp"));
        write(src, "defect/d.jpeg", TestImages.jpeg(TestImages.gray(varied(4, 32, 24)), 0.9f));
        write(src, "defect/notes.txt", "a note".getBytes(StandardCharsets.UTF_8));
        write(src, "loose.png", png(varied(5, 32, 24)));

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "parts"));

        assertThat(r.format()).isEqualTo(ImportFormat.IMAGEFOLDER);
        Map<String, Sample> s = samples(r);
        assertThat(s.keySet()).containsExactlyInAnyOrder("ok/a.png", "ok/b.jpg", "defect/c.bmp", "defect/d.jpeg", "loose.png");
        assertThat(s.get("ok/a.png").label()).contains("ok");
        assertThat(s.get("defect/c.bmp").label()).contains("defect");
        assertThat(s.get("loose.png").label()).isEmpty();
        assertThat(((Sample.ImageInfo.Decoded) s.get("ok/b.jpg").image()).format()).isEqualTo("jpeg");
        assertThat(((Sample.ImageInfo.Decoded) s.get("defect/c.bmp").image()).format()).isEqualTo("bmp");
        assertThat(((Sample.ImageInfo.Decoded) s.get("defect/d.jpeg").image()).channels()).isEqualTo(1);
        assertThat(((Sample.ImageInfo.Decoded) s.get("ok/a.png").image()).width()).isEqualTo(32);
        assertThat(r.skipped()).singleElement().asString().startsWith("defect/notes.txt");
        assertThat(r.version().labelCounts()).isEqualTo(Map.of("ok", 2, "defect", 2, "", 1));
        assertThat(r.version().createdBy()).isEqualTo("tester");
        assertThat(r.version().source()).isEqualTo(src.toAbsolutePath().toString());
    }

    @Test
    void import_badFiles_areKeptAsUnreadableSamples() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 3, "ok");
        byte[] good = png(varied(9, 64, 64));
        write(src, "ok/truncated.png", Arrays.copyOf(good, good.length / 2));
        write(src, "ok/text.png", "I am not an image".getBytes(StandardCharsets.UTF_8));

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "parts"));

        assertThat(r.unreadable()).isEqualTo(2);
        Map<String, Sample> s = samples(r);
        assertThat(s).hasSize(5);
        assertThat(s.get("ok/truncated.png").image()).isEqualTo(new Sample.ImageInfo.Unreadable(
                "truncated PNG: no IEND chunk (" + good.length / 2 + " bytes)"));
        assertThat(((Sample.ImageInfo.Unreadable) s.get("ok/text.png").image()).reason()).startsWith("not a PNG, JPEG, BMP or TIFF");
        assertThat(f.blobs.exists(s.get("ok/text.png").blob())).isTrue();
    }

    @Test
    void import_mvtec_labelsOkAndDefect_withDefectTypeAndMask() throws Exception {
        Path src = tmp.resolve("bottle");
        for (int i = 0; i < 4; i++) {
            write(src, "train/good/00" + i + ".png", png(varied(i, 32, 32)));
        }
        write(src, "test/good/000.png", png(varied(10, 32, 32)));
        write(src, "test/broken_large/000.png", png(varied(11, 32, 32)));
        write(src, "test/contamination/000.png", png(varied(12, 32, 32)));
        write(src, "ground_truth/broken_large/000_mask.png", png(TestImages.gray(varied(13, 32, 32))));

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "bottle"));

        assertThat(r.format()).isEqualTo(ImportFormat.MVTEC);
        Map<String, Sample> s = samples(r);
        assertThat(s.keySet()).hasSize(7).noneMatch(p -> p.startsWith("ground_truth"));
        assertThat(s.get("train/good/000.png").label()).contains("ok");
        assertThat(s.get("train/good/000.png").metadata()).isEqualTo(Map.of("mvtec_split", "train"));
        Sample broken = s.get("test/broken_large/000.png");
        assertThat(broken.label()).contains("defect");
        assertThat(broken.metadata()).isEqualTo(Map.of("mvtec_split", "test", "defect_type", "broken_large",
                "mask", "ground_truth/broken_large/000_mask.png"));
        assertThat(s.get("test/contamination/000.png").metadata()).doesNotContainKey("mask")
                .containsEntry("defect_type", "contamination");
    }

    @Test
    void import_mvtecRootWithCategories_recordsCategory() throws Exception {
        Path root = tmp.resolve("mvtec");
        write(root, "bottle/train/good/0.png", png(varied(1, 16, 16)));
        write(root, "bottle/test/crack/0.png", png(varied(2, 16, 16)));
        write(root, "cable/train/good/0.png", png(varied(3, 16, 16)));
        write(root, "cable/test/good/0.png", png(varied(4, 16, 16)));

        Map<String, Sample> s = samples(f.importer.importFrom(ImportRequest.of(root, "mvtec")));

        assertThat(s.keySet()).containsExactlyInAnyOrder("bottle/train/good/0.png", "bottle/test/crack/0.png",
                "cable/train/good/0.png", "cable/test/good/0.png");
        assertThat(s.get("bottle/test/crack/0.png").metadata()).containsEntry("category", "bottle")
                .containsEntry("defect_type", "crack");
    }

    @Test
    void import_csvManifest_generatorColumns_labelMetadataAndAnnotators() throws Exception {
        Path src = tmp.resolve("gen");
        write(src, "images/0.png", png(varied(0, 16, 16)));
        write(src, "images/1.png", png(varied(1, 16, 16)));
        write(src, "images/2.png", png(varied(2, 16, 16)));
        Files.writeString(src.resolve("manifest.csv"), """
                file,label,defect_type,defect_size,lighting,variant,blur,noise,annotator_1,annotator_2
                images/0.png,ok,,,0.8,blue,0.0,0.01,ok,ok
                images/1.png,defect,scratch,0.12,"0.6",red,1.5,0.02,defect,ok
                images/2.png,defect,dent,0.3,0.9,blue,0.0,0.01,defect,defect
                images/missing.png,ok,,,0.8,blue,0,0,ok,ok
                """);

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "gen"));

        assertThat(r.format()).isEqualTo(ImportFormat.MANIFEST);
        assertThat(r.skipped()).singleElement().asString().contains("images/missing.png").contains("missing");
        Map<String, Sample> s = samples(r);
        assertThat(s.get("images/0.png").metadata()).isEqualTo(Map.of("lighting", "0.8", "variant", "blue",
                "blur", "0.0", "noise", "0.01"));
        Sample one = s.get("images/1.png");
        assertThat(one.label()).contains("defect");
        assertThat(one.annotations()).isEqualTo(Map.of("annotator_1", "defect", "annotator_2", "ok"));
        assertThat(one.metadata()).containsEntry("defect_type", "scratch").containsEntry("defect_size", "0.12")
                .containsEntry("lighting", "0.6");
    }

    @Test
    void import_csvManifest_rowsOfTheWrongWidth_areSkippedAndReported_notMislabelled() throws Exception {
        Path src = tmp.resolve("w");
        for (int i = 0; i < 3; i++) {
            write(src, i + ".png", png(varied(i, 16, 16)));
        }
        Files.writeString(src.resolve("manifest.csv"), """
                file,note,label
                0.png,clean,ok
                1.png,scratch, deep,defect
                2.png,ok
                """);

        ImportResult r = f.importer.importFrom(ImportRequest.of(src, "w"));

        assertThat(samples(r)).containsOnlyKeys("0.png");
        assertThat(r.skipped()).hasSize(2);
        assertThat(r.skipped().get(0)).contains("1.png").contains("4 fields, the header has 3");
        assertThat(r.skipped().get(1)).contains("2.png").contains("2 fields, the header has 3");
    }

    @Test
    void import_manifestWithoutLabelColumn_takesMajorityVote_tiesUnlabelled() throws Exception {
        Path src = tmp.resolve("m");
        for (int i = 0; i < 3; i++) {
            write(src, i + ".png", png(varied(i, 16, 16)));
        }
        Files.writeString(src.resolve("labels.csv"), """
                file,annotator_1,annotator_2,annotator_3
                0.png,ok,ok,defect
                1.png,ok,defect,
                2.png,defect,defect,defect
                """);

        Map<String, Sample> s = samples(f.importer.importFrom(ImportRequest.of(src.resolve("labels.csv"), "m")));

        assertThat(s.get("0.png").label()).contains("ok");
        assertThat(s.get("1.png").label()).isEmpty();
        assertThat(s.get("1.png").annotations()).isEqualTo(Map.of("annotator_1", "ok", "annotator_2", "defect"));
        assertThat(s.get("2.png").label()).contains("defect");
    }

    @Test
    void import_jsonManifest_withSplitColumn_keepsGivenSplits() throws Exception {
        Path src = tmp.resolve("j");
        write(src, "a.png", png(varied(1, 16, 16)));
        write(src, "b.png", png(varied(2, 16, 16)));
        Files.writeString(src.resolve("manifest.json"), """
                [{"file": "a.png", "label": "ok", "split": "test", "station": 3},
                 {"file": "b.png", "label": "defect", "split": "train", "lighting": null}]
                """);

        Map<String, Sample> s = samples(f.importer.importFrom(ImportRequest.of(src, "j")));

        assertThat(s.get("a.png").split()).isEqualTo(Split.TEST);
        assertThat(s.get("a.png").metadata()).isEqualTo(Map.of("station", "3"));
        assertThat(s.get("b.png").split()).isEqualTo(Split.TRAIN);
        assertThat(s.get("b.png").metadata()).isEmpty();
    }

    @Test
    void import_splits_areStratified_andSmallClassesGetTestSamples() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 100, "ok");
        TestImages.imageFolder(src, 1000, 5, "defect");

        List<Sample> s = f.metadata.datasets().samples(f.importer.importFrom(ImportRequest.of(src, "p")).version());

        Map<String, Map<Split, Long>> counts = s.stream().collect(Collectors.groupingBy(x -> x.label().orElseThrow(),
                Collectors.groupingBy(Sample::split, Collectors.counting())));
        assertThat(counts.get("ok")).isEqualTo(Map.of(Split.TRAIN, 70L, Split.VALIDATION, 15L, Split.TEST, 15L));
        assertThat(counts.get("defect").get(Split.TEST)).isEqualTo(1L);
        assertThat(counts.get("defect").get(Split.VALIDATION)).isEqualTo(1L);
    }

    @Test
    void import_sameImage_landsInSameSplit_whenOtherImagesChange() throws Exception {
        Path a = TestImages.imageFolder(tmp.resolve("a"), 1, 200, "ok");
        Path b = TestImages.imageFolder(tmp.resolve("b"), 1, 200, "ok");
        Files.delete(b.resolve("ok/0007.png"));
        write(b, "ok/extra.png", png(varied(99_999, 48, 48)));

        Map<String, Split> sa = splits(f.importer.importFrom(ImportRequest.of(a, "a")));
        Map<String, Split> sb = splits(f.importer.importFrom(ImportRequest.of(b, "b")));

        long moved = sa.keySet().stream().filter(sb::containsKey).filter(p -> sa.get(p) != sb.get(p)).count();
        assertThat(moved).isLessThanOrEqualTo(4); // only items next to a cut can move
    }

    private Map<String, Split> splits(ImportResult r) {
        return f.metadata.datasets().samples(r.version()).stream().collect(Collectors.toMap(Sample::path, Sample::split));
    }

    @Test
    void import_withParent_recordsLineage_andUnknownParentFails() throws Exception {
        Path src = TestImages.imageFolder(tmp.resolve("src"), 1, 3, "ok");
        ImportResult first = f.importer.importFrom(ImportRequest.of(src, "parts"));
        TestImages.imageFolder(src, 50, 2, "defect");
        String shortId = first.version().id().substring(0, 12);

        ImportResult second = f.importer.importFrom(new ImportRequest(src, "parts", Optional.empty(), SplitRatios.DEFAULT,
                Optional.of(DatasetRef.parse("parts@" + shortId))));

        assertThat(second.version().parent()).contains("parts@" + first.version().id());
        assertThatThrownBy(() -> f.importer.importFrom(new ImportRequest(src, "parts", Optional.empty(), SplitRatios.DEFAULT,
                Optional.of(DatasetRef.parse("parts@beef")))))
                .isInstanceOf(UnknownDatasetException.class);
    }
}

package dev.loupe.batch;

import dev.loupe.core.image.BrokenImages;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchJobTest {
    @TempDir
    Path dir;
    Path images;
    Path out;
    ImageClassifier classifier;

    @BeforeEach
    void setUp() throws Exception {
        images = Files.createDirectories(dir.resolve("images"));
        out = dir.resolve("out/scores.csv");
        classifier = ImageClassifier.load(ModelPackage.of(TestDescriptors.grayscale(4, 4, 0.6), TestGraphs.meanSigmoid(1)), 1);
        for (int i = 0; i < 20; i++) {
            Files.write(images.resolve(String.format("%03d.png", i)), png(i * 12));
        }
    }

    @AfterEach
    void tearDown() {
        classifier.close();
    }

    static byte[] png(int level) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, (level + x * y) % 256);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    private BatchSummary run(int threads) throws Exception {
        try (CsvOutput o = CsvOutput.open(out)) {
            return new BatchJob(classifier, threads, 6).run(new FolderSource(images), o, (d, t) -> { });
        }
    }

    @Test
    void run_writesOneRowPerImage_withTheClassifiersScores() throws Exception {
        BatchSummary s = run(2);
        assertThat(s.items()).isEqualTo(20);
        assertThat(s.scored()).isEqualTo(20);
        List<BatchRow> rows = CsvOutput.read(out);
        assertThat(rows).extracting(BatchRow::item).hasSize(20).doesNotHaveDuplicates().contains("000.png", "019.png");
        for (BatchRow r : rows) {
            double expected = classifier.classify(Files.readAllBytes(images.resolve(r.item()))).score();
            assertThat(r.score()).as(r.item()).isEqualTo(expected);
        }
        assertThat(s.defects()).isEqualTo(rows.stream().filter(r -> r.label().equals("defect")).count()).isPositive();
    }

    @Test
    void run_corruptImage_isAReportedRow_notACrash() throws Exception {
        Files.write(images.resolve("broken.png"), "not a png at all".getBytes(StandardCharsets.UTF_8));
        BatchSummary s = run(2);
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("broken.png");
            assertThat(f.error()).startsWith("corrupt image");
        });
        assertThat(s.failureReasons()).containsEntry("corrupt image", 1L);
        assertThat(CsvOutput.read(out)).hasSize(21);
    }

    @Test
    void run_gif_isAReportedRowSayingItIsUnsupported_notCorrupt() throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "gif", images.resolve("old.gif").toFile());
        BatchSummary s = run(2);
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("old.gif");
            assertThat(f.error()).startsWith("unsupported image: a GIF image; Loupe reads PNG, JPEG, BMP and TIFF");
        });
        assertThat(s.failureReasons()).containsOnlyKeys("unsupported image");
    }

    @Test
    void run_tiffFiles_anyCase_areScoredAsTheSamePixelsInPng() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png(36)));
        Files.write(Files.createDirectories(images.resolve("cam")).resolve("a.tif"), BrokenImages.tiff(img, "LZW"));
        Files.write(images.resolve("B.TIFF"), BrokenImages.tiff(img, null));
        BatchSummary s = run(2);
        assertThat(s.scored()).isEqualTo(22);
        double expected = classifier.classify(png(36)).score();
        assertThat(CsvOutput.read(out)).filteredOn(r -> r.item().equals("cam/a.tif") || r.item().equals("B.TIFF"))
                .hasSize(2).allSatisfy(r -> assertThat(r.score()).as(r.item()).isEqualTo(expected));
    }

    @Test
    void run_multiPageTiff_isAReportedRowSayingItIsUnsupported() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png(36)));
        Files.write(images.resolve("stack.tif"), BrokenImages.tiff(List.of(img, img), null, ByteOrder.BIG_ENDIAN));
        BatchSummary s = run(2);
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("stack.tif");
            assertThat(f.error()).startsWith("unsupported image: a multi-page TIFF");
        });
    }

    @Test
    void run_truncatedJpeg_withItsEndMarker_isACorruptImageRow() throws Exception {
        Files.write(images.resolve("cut.jpg"), BrokenImages.jpegCutMidScan(BrokenImages.noiseJpeg(128, 128), 700));
        BatchSummary s = run(2);
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.item()).isEqualTo("cut.jpg");
            assertThat(f.error()).startsWith("corrupt image: corrupt JPEG: ");
        });
    }

    @Test
    void rerun_skipsItemsAlreadyInTheOutput_andScoresNewOnes() throws Exception {
        run(1);
        Files.write(images.resolve("new.png"), png(200));
        BatchSummary again = run(2);
        assertThat(again.skipped()).isEqualTo(20);
        assertThat(again.scored()).isEqualTo(1);
        assertThat(CsvOutput.read(out)).extracting(BatchRow::item).hasSize(21).doesNotHaveDuplicates();
    }

    @Test
    void rerun_afterATornLastLine_cutsItAndScoresThatItemAgain() throws Exception {
        run(2);
        List<String> lines = Files.readAllLines(out);
        String last = lines.getLast();
        // simulate a crash mid-line: drop the last row and leave half of it
        String kept = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + last.substring(0, last.length() / 2);
        Files.writeString(out, kept, StandardOpenOption.TRUNCATE_EXISTING);
        BatchSummary again = run(2);
        assertThat(again.scored()).isEqualTo(1);
        assertThat(CsvOutput.read(out)).hasSize(20).extracting(BatchRow::item).doesNotHaveDuplicates();
    }

    @Test
    void rerun_afterALastLineTornInsideACharacter_cutsItAndScoresThatItemAgain() throws Exception {
        Files.write(images.resolve("\u00e9clat.png"), png(100)); // a name whose first character takes two bytes
        run(1);
        List<String> whole = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        String accented = whole.stream().filter(l -> l.contains("\u00e9clat.png")).findFirst().orElseThrow();
        whole.remove(accented);
        byte[] row = accented.getBytes(StandardCharsets.UTF_8);
        int cut = accented.substring(0, accented.indexOf('\u00e9')).getBytes(StandardCharsets.UTF_8).length + 1;
        // the other rows whole, then that row torn after the first byte of its e with an accent (killed mid-chunk)
        Files.write(out, concat((String.join("\n", whole) + "\n").getBytes(StandardCharsets.UTF_8), java.util.Arrays.copyOf(row, cut)));

        BatchSummary again = run(1);

        assertThat(again.scored()).isEqualTo(1);
        assertThat(CsvOutput.read(out)).hasSize(21).extracting(BatchRow::item).doesNotHaveDuplicates().contains("\u00e9clat.png");
    }

    @Test
    void rerun_afterATornHeader_writesTheHeaderAndScoresEverything() throws Exception {
        Files.createDirectories(out.getParent());
        Files.writeString(out, "item,la"); // the machine went down while the first run wrote its header
        BatchSummary s = run(2);
        assertThat(s.scored()).isEqualTo(20);
        assertThat(Files.readAllLines(out).getFirst()).isEqualTo("item,label,score,error");
        assertThat(CsvOutput.read(out)).hasSize(20);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void open_aFileThatIsNotABatchOutput_isRefusedAndLeftAlone() throws Exception {
        Files.createDirectories(out.getParent());
        Files.writeString(out, "precious,data\n1,2\n");
        assertThatThrownBy(() -> CsvOutput.open(out)).isInstanceOf(IOException.class).hasMessageContaining("not a batch output");
        assertThat(Files.readString(out)).isEqualTo("precious,data\n1,2\n");
    }

    @Test
    void folderSource_refusesItemsOutsideTheFolder() {
        assertThatThrownBy(() -> new FolderSource(images).read("../escape.png")).isInstanceOf(IOException.class);
    }
}

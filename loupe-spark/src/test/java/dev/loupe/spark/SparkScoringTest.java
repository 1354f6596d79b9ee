package dev.loupe.spark;

import dev.loupe.batch.BatchJob;
import dev.loupe.batch.BatchRow;
import dev.loupe.batch.CsvOutput;
import dev.loupe.batch.FolderSource;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.data.generate.DatasetGenerator;
import dev.loupe.data.generate.GenerateRequest;
import dev.loupe.data.generate.Scenario;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spark job in local mode against the local batch job, on a generated production-line image set. */
class SparkScoringTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static ModelPackage pkg;
    static Path images;

    @BeforeAll
    static void start() throws Exception {
        images = dir.resolve("line/images");
        DatasetGenerator.generate(GenerateRequest.of(dir.resolve("line"), 60, Scenario.STABLE).withSeed(11).withSize(32));
        Files.writeString(images.resolve("zz-corrupt.png"), "not an image");
        pkg = ModelPackage.of(TestDescriptors.grayscale(16, 16, 0.6), TestGraphs.meanSigmoid(1));
        spark = SparkSession.builder().master("local[2]").appName("loupe-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkScores_equalTheLocalBatchJobs_onAGeneratedImageSet() throws Exception {
        Path local = dir.resolve("local.csv");
        try (ImageClassifier c = ImageClassifier.load(pkg, 1); CsvOutput out = CsvOutput.open(local)) {
            new BatchJob(c, 2, 16).run(new FolderSource(images), out, (d, t) -> { });
        }
        Map<String, BatchRow> expected = CsvOutput.read(local).stream().collect(Collectors.toMap(BatchRow::item, Function.identity()));

        List<Row> rows = SparkScoring.score(spark, pkg, images, 3).collectAsList();
        Map<String, BatchRow> actual = rows.stream().map(SparkScoring::toBatchRow)
                .collect(Collectors.toMap(BatchRow::item, Function.identity()));

        assertThat(actual.keySet()).hasSize(61).isEqualTo(expected.keySet());
        for (BatchRow e : expected.values()) {
            BatchRow a = actual.get(e.item());
            assertThat(a.label()).as(e.item()).isEqualTo(e.label());
            assertThat(a.error()).as(e.item()).isEqualTo(e.error());
            if (!e.failedToScore()) {
                assertThat(a.score()).as(e.item()).isEqualTo(e.score()); // bit for bit, not "close"
            }
        }
        assertThat(actual.get("zz-corrupt.png").error()).startsWith("corrupt image");
    }

    @Test
    void job_writesParquet_withTheBatchColumns() throws Exception {
        Path model = dir.resolve("model");
        pkg.writeDirectory(model);
        Path out = dir.resolve("scores.parquet");
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        SparkBatchJob.run(spark, SparkBatchJob.Args.parse(new String[]{"--model", model.toString(), "--input",
                images.toString(), "--output", out.toString(), "--partitions", "2"}), new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertThat(summary.toString(StandardCharsets.UTF_8)).contains("images 61").contains("failures 1");
        var back = spark.read().parquet(out.toString());
        assertThat(back.columns()).containsExactly("item", "label", "score", "error");
        assertThat(back.count()).isEqualTo(61);
        assertThat(back.filter("score IS NULL").count()).isEqualTo(1);
        try (var parts = Files.list(out)) {
            Path part = parts.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(part))) {
                // loupe batch's Parquet (loupe-cli's BatchParquet) writes the same fields; its test checks the same list
                assertThat(r.getFooter().getFileMetaData().getSchema().getFields())
                        .extracting(t -> t.getName() + " " + t.getRepetition())
                        .containsExactly("item REQUIRED", "label REQUIRED", "score OPTIONAL", "error REQUIRED");
            }
        }
    }

    @Test
    void job_outputThatExists_isRefusedBeforeAnyImageIsScored() throws Exception {
        Path model = dir.resolve("model-exists");
        pkg.writeDirectory(model);
        Path out = dir.resolve("exists.csv");
        Files.createDirectories(out);
        Files.writeString(out.resolve("part-00000.csv"), "item,label,score,error\n");
        // a model that fails in every task: had the job scored anything, the error would be a failed Spark task
        Path broken = dir.resolve("model-broken");
        ModelPackage.of(TestDescriptors.grayscale(16, 16, 0.6), "not an onnx graph".getBytes(StandardCharsets.UTF_8))
                .writeDirectory(broken);

        assertThatThrownBy(() -> SparkBatchJob.run(spark, SparkBatchJob.Args.parse(new String[]{"--model", broken.toString(),
                "--input", images.toString(), "--output", out.toString()}), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(out.toString()).hasMessageContaining("--overwrite");
        assertThat(Files.readString(out.resolve("part-00000.csv"))).isEqualTo("item,label,score,error\n");
    }
}

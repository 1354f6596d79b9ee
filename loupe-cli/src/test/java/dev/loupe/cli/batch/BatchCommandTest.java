package dev.loupe.cli.batch;

import dev.loupe.batch.BatchRow;
import dev.loupe.batch.CsvOutput;
import dev.loupe.cli.CliRun;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchCommandTest {
    @TempDir
    Path dir;
    Path home;
    Path model;

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        model = dir.resolve("model");
        ModelPackage.of(TestDescriptors.grayscale(16, 16, 0.6), TestGraphs.meanSigmoid(1)).writeDirectory(model);
        CliRun gen = CliRun.of("data", "generate", "--out", dir.resolve("line").toString(), "--count", "24", "--size", "32",
                "--seed", "3");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        Files.writeString(dir.resolve("line/images/bad.png"), "truncated");
    }

    private CliRun batch(String input, String output) {
        return CliRun.of("batch", "--model", model.toString(), "--input", input, "--output", output, "--threads", "2",
                "--home", home.toString());
    }

    @Test
    void batch_folder_writesRowsAndASummary_thenResumes() throws Exception {
        Path out = dir.resolve("scores.csv");
        CliRun first = batch(dir.resolve("line/images").toString(), out.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("images 25: scored 25, skipped 0").contains("failures 1").contains("corrupt image")
                .contains("images/s");
        assertThat(first.err()).contains("25/25").contains("100%");
        assertThat(Files.readAllLines(out)).hasSize(26).first().isEqualTo("item,label,score,error");
        CliRun again = batch(dir.resolve("line/images").toString(), out.toString());
        assertThat(again.out()).contains("scored 0, skipped 25");
        assertThat(Files.readAllLines(out)).hasSize(26);
    }

    @Test
    void batch_rerunWithAnotherModel_isRefusedRatherThanMixingTwoModelsScores() throws Exception {
        Path out = dir.resolve("mixed.csv");
        assertThat(batch(dir.resolve("line/images").toString(), out.toString()).exitCode()).isZero();
        List<String> before = Files.readAllLines(out);
        Path other = dir.resolve("other-model");
        ModelPackage.of(TestDescriptors.grayscale(16, 16, 0.4), TestGraphs.meanSigmoid(1)).writeDirectory(other);

        CliRun mixed = CliRun.of("batch", "--model", other.toString(), "--input", dir.resolve("line/images").toString(),
                "--output", out.toString(), "--home", home.toString());

        assertThat(mixed.exitCode()).isEqualTo(1);
        assertThat(mixed.err()).contains("holds scores from another model").contains(other.toString());
        assertThat(Files.readAllLines(out)).isEqualTo(before);
        assertThat(batch(dir.resolve("line/images").toString(), out.toString()).out()).contains("scored 0, skipped 25");
    }

    @Test
    void batch_datasetVersion_scoresItsSamples() {
        CliRun imported = CliRun.of("data", "import", dir.resolve("line/manifest.csv").toString(), "--name", "line",
                "--format", "manifest", "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        CliRun r = batch("line", dir.resolve("ds.csv").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("images 24: scored 24");
    }

    @Test
    void batch_parquetOutput_writesTheCsvRowsAsParquet_thenResumes() throws Exception {
        Path out = dir.resolve("scores.parquet");
        CliRun first = batch(dir.resolve("line/images").toString(), out.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("images 25: scored 25").contains("wrote " + out + " (25 rows)");
        Path rows = dir.resolve("scores.parquet.csv");
        List<BatchRow> expected = CsvOutput.read(rows);
        assertThat(expected).hasSize(25);
        assertThat(readParquet(out)).containsExactlyElementsOf(expected);
        assertThat(expected).filteredOn(BatchRow::failedToScore).singleElement()
                .satisfies(r -> assertThat(r.error()).contains("corrupt image"));

        CliRun again = batch(dir.resolve("line/images").toString(), out.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("scored 0, skipped 25");
        assertThat(readParquet(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void batchParquet_writesWithoutHadoopOnTheClasspath() throws Exception {
        Path csv = dir.resolve("rows.csv");
        try (CsvOutput o = CsvOutput.open(csv)) {
            o.append(List.of(BatchRow.scored("a.png", "defect", 0.75), BatchRow.failed("b.png", "corrupt image: truncated")));
        }
        // the test classpath has Hadoop (to read Parquet back); the CLI's does not: load the writer without it
        URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("hadoop-"))
                .map(e -> {
                    try {
                        return Path.of(e).toUri().toURL();
                    } catch (MalformedURLException ex) {
                        throw new IllegalStateException(ex);
                    }
                }).toArray(URL[]::new);
        Path out = dir.resolve("rows.parquet");
        try (URLClassLoader noHadoop = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration", false, noHadoop))
                    .isInstanceOf(ClassNotFoundException.class);
            Method fromCsv = Class.forName(BatchParquet.class.getName(), true, noHadoop).getDeclaredMethod("fromCsv", Path.class, Path.class);
            fromCsv.setAccessible(true);
            fromCsv.invoke(null, csv, out);
        }
        assertThat(readParquet(out)).containsExactly(BatchRow.scored("a.png", "defect", 0.75),
                BatchRow.failed("b.png", "corrupt image: truncated"));
    }

    @Test
    void batch_parquetOutput_hasTheSparkJobsSchema_aFailedItemsScoreIsNull() throws Exception {
        Path out = dir.resolve("spark-like.parquet");
        assertThat(batch(dir.resolve("line/images").toString(), out.toString()).exitCode()).isZero();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(out),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            // what loupe-spark's SparkBatchJob writes (SparkScoring.SCHEMA through Spark's Parquet writer)
            assertThat(schema.getFields()).extracting(t -> t.getName() + " " + t.getRepetition())
                    .containsExactly("item REQUIRED", "label REQUIRED", "score OPTIONAL", "error REQUIRED");
            assertThat(readGroups(r, schema)).filteredOn(g -> g.getString("item", 0).equals("bad.png")).singleElement()
                    .satisfies(g -> assertThat(g.getFieldRepetitionCount("score")).as("a failed item's score is null").isZero());
        }
    }

    @Test
    void batch_otherOutputExtension_isAUsageError() {
        CliRun r = batch(dir.resolve("line/images").toString(), dir.resolve("x.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(".csv or .parquet");
    }

    /** Every row of a Parquet file, read with parquet-hadoop's own reader (Hadoop's codecs on the test classpath). */
    private static List<BatchRow> readParquet(Path file) throws IOException {
        List<BatchRow> rows = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            assertThat(schema).isEqualTo(BatchParquet.SCHEMA);
            for (Group g : readGroups(r, schema)) {
                rows.add(new BatchRow(g.getString("item", 0), g.getString("label", 0),
                        g.getFieldRepetitionCount("score") == 0 ? Double.NaN : g.getDouble("score", 0), g.getString("error", 0)));
            }
        }
        return rows;
    }

    private static List<Group> readGroups(ParquetFileReader r, MessageType schema) throws IOException {
        List<Group> groups = new ArrayList<>();
        for (PageReadStore group; (group = r.readNextRowGroup()) != null; ) {
            RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                    .getRecordReader(group, new GroupRecordConverter(schema));
            for (long i = 0; i < group.getRowCount(); i++) {
                groups.add(records.read());
            }
        }
        return groups;
    }
}

package dev.loupe.cli.batch;

import dev.loupe.cli.CliRun;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
    void batch_datasetVersion_scoresItsSamples() {
        CliRun imported = CliRun.of("data", "import", dir.resolve("line/manifest.csv").toString(), "--name", "line",
                "--format", "manifest", "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        CliRun r = batch("line", dir.resolve("ds.csv").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("images 24: scored 24");
    }

    @Test
    void batch_parquetOutput_isAUsageErrorNamingTheSparkJob() {
        CliRun r = batch(dir.resolve("line/images").toString(), dir.resolve("x.parquet").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Spark");
    }
}

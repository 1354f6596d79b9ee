package dev.loupe.cli.data;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.LoupeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void generate_writesImagesAndManifest_andPrintsASummary() throws Exception {
        Path dir = tmp.resolve("ds");
        int code = run("data", "generate", "--out", dir.toString(), "--count", "30", "--size", "64",
                "--scenario", "dimming", "--annotators", "3", "--seed", "5");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        try (Stream<Path> images = Files.list(dir.resolve("images"))) {
            assertThat(images.count()).isEqualTo(30);
        }
        assertThat(Files.readAllLines(dir.resolve("manifest.csv"))).hasSize(31)
                .first().asString().endsWith("frame,annotator_1,annotator_2,annotator_3");
        assertThat(out.toString())
                .contains("generated 30 images (scenario dimming, seed 5, 64x64)")
                .containsPattern("ok \\d+, defect \\d+ \\(\\d+\\.\\d%\\): scratch \\d+, dent \\d+, pits \\d+, "
                        + "discoloration \\d+, crack 0")
                .contains("dimming starts at frame 9")
                .containsPattern("\\d+ images/s on \\d+ threads");
    }

    @Test
    void generate_help_namesTheScenariosAndDefaults() {
        assertThat(run("data", "generate", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("from 30% of the frames on: stable, dimming, defocus", "default: 0.25");
    }

    @Test
    void generate_unknownScenario_isAOneLineUsageErrorListingTheValidOnes() {
        int code = run("data", "generate", "--out", tmp.resolve("x").toString(), "--count", "5", "--scenario", "rain");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).containsExactly("loupe: unknown scenario 'rain'; valid scenarios: stable, "
                + "dimming, defocus, new-variant, new-defect, defect-surge");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void generate_countNotPositive_isAOneLineUsageError() {
        int code = run("data", "generate", "--out", tmp.resolve("x").toString(), "--count", "0");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).containsExactly("loupe: --count must be > 0, got 0");
    }

    @Test
    void generate_defectRateOutsideUnitInterval_isAOneLineUsageError() {
        int code = run("data", "generate", "--out", tmp.resolve("x").toString(), "--count", "5", "--defect-rate", "1.2");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).containsExactly("loupe: --defect-rate must be in [0, 1], got 1.2");
    }

    @Test
    void generate_intoAnExistingDataset_needsForce() {
        String dir = tmp.resolve("ds").toString();
        assertThat(run("data", "generate", "--out", dir, "--count", "3", "--size", "32")).isEqualTo(ExitCodes.OK);
        assertThat(run("data", "generate", "--out", dir, "--count", "3", "--size", "32")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("already holds a generated dataset", "--force");
        assertThat(run("data", "generate", "--out", dir, "--count", "3", "--size", "32", "--force"))
                .isEqualTo(ExitCodes.OK);
    }
}

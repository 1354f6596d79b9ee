package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.LoupeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TrainBenchCommandTest {

    @Test
    void benchTrain_printsBothTrainersSideBySideAndTheRerun(@TempDir Path work) {
        StringWriter out = new StringWriter();
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("bench", "train", "--train-images", "80", "--cnn-param", "epochs=2",
                "--cnn-param", "input_size=32", "--work", work.resolve("bench").toString());
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .containsPattern("bench-line@[0-9a-f]+: 8\\d train, \\d+ validation, \\d+ test")
                .containsPattern("test split +baseline +cnn +cnn \\+ rules")
                .containsPattern("AUROC +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4}")
                .containsPattern("training wall seconds +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d")
                .containsPattern("training CPU seconds +\\d+\\.\\d +- +\\d+\\.\\d")
                .containsPattern("recall (scratch|dent|pits|discoloration) +\\d\\.\\d{3} \\(\\d+\\)")
                .containsPattern("AUROC (scratch|dent|pits|discoloration) vs ok +")
                .containsPattern("epochs \\(best\\) +- +2 \\(\\d\\) +2 \\(\\d\\)")
                .containsPattern("same-seed rerun of cnn \\+ rules: .* largest test score difference 0\\.00e\\+00");
        assertThat(Files.exists(work.resolve("bench/home"))).isTrue();
    }

    @Test
    void benchTrain_workDirectoryNotEmpty_isAUsageError(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("something"), "x");
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("bench", "train", "--work", work.toString())).isEqualTo(ExitCodes.USAGE);
    }
}

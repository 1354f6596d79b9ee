package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.LoupeCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateBenchCommandTest {

    @Test
    void benchGenerate_printsEveryStepsThroughput() {
        StringWriter out = new StringWriter();
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("bench", "generate", "--count", "40", "--size", "32");
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("generator benchmark: 40 images of 32x32")
                .containsPattern("render \\(1 thread\\) +\\d+ images/CPU-s")
                .containsPattern("PngEncoder Huffman only, Sub +\\d+ images/CPU-s +\\d+ bytes/image")
                .containsPattern("ImageIO default +\\d+ images/CPU-s")
                .containsPattern("generate end to end +\\d+ images/s wall \\(40 images");
    }
}

package dev.loupe.cli.bench;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.LoupeCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionBenchCommandTest {

    @Test
    void benchRetention_tinyLog_printsTheFiguresAndPassesItsCheck() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // 2 days at 0.05/s: 8,640 predictions, ~540 kept images, ~50 dataset copies; retention keeps the last day
        int code = cl.execute("bench", "retention", "--days", "2", "--rate", "0.05", "--image-bytes", "64", "--seed", "3");
        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("retention benchmark: 2 days of a line at 0.05 predictions/s into SQLite ", "keeping the last 1 day")
                .containsPattern("generated 8,640 predictions \\(2% REJECT, 3% REVIEW, 1% of PASS images kept\\): [\\d,]+ images in"
                        + " [\\d,]+ packs, [1-9][\\d,]* copied into dataset version retention-bench@")
                .containsPattern("retention: deleted 4,320 predictions; freed [1-9][\\d,]* packs, 0 images stored on their own, \\d+\\.\\d MiB")
                .containsPattern("retention: \\d+\\.\\d\\d s wall, [\\d,]+ rows/s, [\\d,]+ packs/s, peak heap used \\d+ MiB")
                .containsPattern("check: ok: 4,320 predictions left, [1-9][\\d,]* of their images read back, [1-9][\\d,]* dataset"
                        + " copies intact, [1-9][\\d,]* freed packs gone \\(blob and index\\), [1-9][\\d,]* other packs still there");
    }

    @Test
    void benchRetention_keepingEveryDay_isAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("bench", "retention", "--days", "2", "--keep-days", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("need 1 <= keep days < days (got keep 2, days 2)");
    }
}

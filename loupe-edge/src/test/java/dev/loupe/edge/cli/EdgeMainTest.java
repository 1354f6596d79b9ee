package dev.loupe.edge.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeMainTest {
    @Test
    void option_givenWithSpaceOrEquals_isFoundAndNotConfusedWithLongerNames() {
        assertThat(EdgeMain.option(new String[]{"edge", "--model-name", "x", "--model=/a.zip"}, "--model")).contains("/a.zip");
        assertThat(EdgeMain.option(new String[]{"edge", "--source", "http", "--model", "/b"}, "--model")).contains("/b");
        assertThat(EdgeMain.option(new String[]{"edge", "--model-name", "x"}, "--model")).isEmpty();
        assertThat(EdgeMain.option(new String[]{"review", "--model", "/c"}, "--model")).isEmpty();
    }

    @Test
    void help_labelsEveryOptionAndStatesTheDefaults() {
        StringWriter out = new StringWriter();
        int code = EdgeMain.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "edge", "--help");
        String help = out.toString().replaceAll("\\s+", " "); // wrapped description lines joined
        assertThat(code).isZero();
        assertThat(help).doesNotContainPattern("=<\\w+>") // picocli's label from a field name
                .contains("--budget-ms=MS", "before the fallback answers (default: 100)")
                .contains("--sync-alias=ALIAS", "the station follows on the platform (default: champion)")
                .contains("--sync-interval-s=S", "(default: 30; 0: off)")
                .contains("--listen=HOST:PORT", "(default: 127.0.0.1:9464;")
                .contains("--source=SOURCE", "folder:DIR (a watched folder)", "--model=PKG", "--spool-max-mb=MB");
    }
}

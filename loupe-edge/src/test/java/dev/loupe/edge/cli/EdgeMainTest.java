package dev.loupe.edge.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeMainTest {
    @Test
    void option_givenWithSpaceOrEquals_isFoundAndNotConfusedWithLongerNames() {
        assertThat(EdgeMain.option(new String[]{"edge", "--model-name", "x", "--model=/a.zip"}, "--model")).contains("/a.zip");
        assertThat(EdgeMain.option(new String[]{"edge", "--source", "http", "--model", "/b"}, "--model")).contains("/b");
        assertThat(EdgeMain.option(new String[]{"edge", "--model-name", "x"}, "--model")).isEmpty();
        assertThat(EdgeMain.option(new String[]{"review", "--model", "/c"}, "--model")).isEmpty();
    }
}

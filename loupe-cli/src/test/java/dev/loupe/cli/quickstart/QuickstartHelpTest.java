package dev.loupe.cli.quickstart;

import dev.loupe.cli.CliRun;
import dev.loupe.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe quickstart}'s {@code --home} option (the whole run is QuickstartCommandTest). */
class QuickstartHelpTest {

    @Test
    void help_home_namesTheQuickstartsOwnDefault() {
        CliRun r = CliRun.of("quickstart", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("~/.loupe-quickstart/<time>").doesNotContain("$LOUPE_HOME");
    }

    @Test
    void home_notEmpty_isRefusedByName(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("taken"), "x");
        CliRun r = CliRun.of("quickstart", "--exit", "--home", home.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(home.toString(), "is not empty");
    }
}

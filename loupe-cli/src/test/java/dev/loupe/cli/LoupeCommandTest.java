package dev.loupe.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoupeCommandTest {

    @Test
    void help_listsCommandsAndExitCodes() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("version", "doctor", "init")
                .contains("Exit codes:", "0   success", "2   usage error", "3   configuration", "70  internal error");
    }

    @Test
    void help_exitCodes_everyLineKeepsItsIndent() {
        CliRun r = CliRun.of("quickstart", "--help");
        List<String> lines = r.out().lines().dropWhile(l -> !l.equals("Exit codes:")).skip(1).toList();
        assertThat(lines).as(r.out()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("  "));
    }

    @Test
    void noArguments_printsUsage() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: loupe", "doctor");
    }

    @Test
    void version_printsVersionCommitJavaAndOs() {
        CliRun r = CliRun.of("version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).hasSize(4)
                .satisfiesExactly(
                        l -> assertThat(l).matches("loupe \\d+\\.\\d+\\.\\d+.*"),
                        l -> assertThat(l).matches("commit ([0-9a-f]{40}|unknown).*"),
                        l -> assertThat(l).startsWith("java " + Runtime.version().feature()),
                        l -> assertThat(l).startsWith("os " + System.getProperty("os.name")));
    }

    @Test
    void unknownOption_exitsWithUsageErrorInOneLinePlusHint() {
        CliRun r = CliRun.of("doctor", "--no-such-option");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).hasSize(2);
        assertThat(r.err()).contains("--no-such-option", "loupe doctor --help");
    }

    @Test
    void missingInputFile_saysNoSuchFileNotJustItsPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path images = java.nio.file.Files.createDirectories(dir.resolve("images"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                images.resolve("a.png").toFile()); // a folder that can be read: the scores file is what is missing
        CliRun r = CliRun.of("monitor", "reference", "--home", dir.resolve("home").toString(), "--model", "parts@1",
                "--images", images.toString(), "--scores", dir.resolve("scores.csv").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).isEqualTo("loupe: no such file or directory: " + dir.resolve("scores.csv") + System.lineSeparator());
    }

    @Test
    void globalOptions_beforeTheSubcommand_workAsAfterIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path before = dir.resolve("before");
        CliRun init = CliRun.of("--home", before.toString(), "init", "--dir", dir.resolve("p1").toString());
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(before.resolve("config.yaml")).exists();

        java.nio.file.Path after = dir.resolve("after");
        CliRun init2 = CliRun.of("init", "--home", after.toString(), "--dir", dir.resolve("p2").toString());
        assertThat(init2.exitCode()).as(init2.toString()).isZero();
        assertThat(after.resolve("config.yaml")).exists();

        // a nested subcommand reads the same home whichever side --home is on
        CliRun list = CliRun.of("--home", before.toString(), "--verbose", "runs", "list", "--json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.json().get("runs")).isEmpty();
        assertThat(before.resolve("loupe.db")).exists();
    }

    @Test
    void globalOptions_bothSides_theSubcommandsWins(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun r = CliRun.of("--home", dir.resolve("outer").toString(), "init", "--home", dir.resolve("inner").toString(),
                "--dir", dir.resolve("p").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(dir.resolve("inner/config.yaml")).exists();
        assertThat(dir.resolve("outer")).doesNotExist();
    }

    @Test
    void homeBeforeACommandThatUsesNoHome_isAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun r = CliRun.of("--home", dir.toString(), "version");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("loupe: --home: 'loupe version' does not use the Loupe home");
        assertThat(CliRun.of("--verbose", "version").exitCode()).isZero();
    }
}

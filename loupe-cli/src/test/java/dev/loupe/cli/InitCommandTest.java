package dev.loupe.cli;

import dev.loupe.core.config.ConfigLoader;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void init_writesProjectFileThatParsesAndAConfigThatLoads() throws IOException {
        Path home = tmp.resolve("home");
        Path dir = tmp.resolve("project");
        CliRun r = CliRun.of("init", "--home", home.toString(), "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Project project = ProjectFile.parse(Files.readString(dir.resolve("loupe.yaml")), "loupe.yaml");
        assertThat(project).isNotNull();
        assertThat(home.resolve("config.yaml")).exists();
        // every line of the generated config.yaml is a comment, so the defaults hold
        assertThat(ConfigLoader.load(home, Map.of(), Map.of()).dbUrl()).isEqualTo("jdbc:sqlite:" + home.resolve("loupe.db"));
    }

    @Test
    void init_existingProjectFile_refusesWithoutForce() throws IOException {
        Path dir = tmp.resolve("project");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("loupe.yaml"), "# my edits\n");
        CliRun r = CliRun.of("init", "--home", tmp.resolve("home").toString(), "--dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("already exists", "--force");
        assertThat(Files.readString(dir.resolve("loupe.yaml"))).isEqualTo("# my edits\n");
    }

    @Test
    void init_force_overwritesTheProjectFile() throws IOException {
        Path dir = tmp.resolve("project");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("loupe.yaml"), "# my edits\n");
        CliRun r = CliRun.of("init", "--home", tmp.resolve("home").toString(), "--dir", dir.toString(), "--force");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(dir.resolve("loupe.yaml"))).isEqualTo(ProjectFile.template());
    }
}

package dev.loupe.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code loupe train --trainer cnn} (a child JVM: slf4j-simple reads its levels once per process) prints of
 * the libraries' logs: nothing without {@code --verbose}, their INFO lines with it. DJL warns on stderr that it
 * "Failed to detect GPU count" on a machine with a CUDA runtime and no driver; that line must not reach a user
 * who did not ask for library logs.
 */
class MainLogsTest {
    /** A slf4j-simple line of a logger outside Loupe: {@code [main] WARN ai.djl.util.cuda.CudaUtils - ...}. */
    private static final Pattern LIBRARY_LINE = Pattern.compile("^\\[[^]]+] (TRACE|DEBUG|INFO|WARN|ERROR) (?!dev\\.loupe\\.)\\S+ - .*");

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void dataset() {
        home = dir.resolve("home");
        Path line = dir.resolve("line");
        assertThat(CliRun.of("data", "generate", "--out", line.toString(), "--count", "30", "--size", "32", "--seed", "5")
                .exitCode()).isZero();
        CliRun imported = CliRun.of("data", "import", line.resolve("manifest.csv").toString(), "--name", "covers",
                "--format", "manifest", "--home", home.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    @Test
    @Timeout(180)
    void trainCnn_withoutVerbose_printsNoLibraryLogLine() throws Exception {
        Child train = trainCnn();
        assertThat(train.exitCode).as(train.err).isZero();
        assertThat(train.err.lines().filter(l -> LIBRARY_LINE.matcher(l).matches())).as(train.err).isEmpty();
        assertThat(train.out).contains("covers-cnn/1");
    }

    @Test
    @Timeout(180)
    void trainCnn_verbose_printsTheLibrariesInfoLines() throws Exception {
        Child train = trainCnn("--verbose");
        assertThat(train.exitCode).as(train.err).isZero();
        assertThat(train.err.lines().filter(l -> LIBRARY_LINE.matcher(l).matches()))
                .as(train.err).anySatisfy(l -> assertThat(l).contains(" INFO ai.djl."));
    }

    private Child trainCnn(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-Dai.djl.offline=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "dev.loupe.cli.Main",
                "train", "--dataset", "covers", "--trainer", "cnn", "--name", "covers-cnn", "--param", "epochs=1",
                "--param", "input_size=16", "--param", "rule_branch=false", "--home", home.toString()));
        command.addAll(List.of(extra));
        Path out = dir.resolve("train.out");
        Path err = dir.resolve("train.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("train did not end within 150 s:\n" + Files.readString(err));
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Child(int exitCode, String out, String err) {
    }
}

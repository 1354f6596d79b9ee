package dev.loupe.cli.serve;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.Main;
import dev.loupe.serve.model.ServedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loupe serve} refuses, with one clear line and its exit code, models it cannot serve. */
class ServeCommandTest {

    @TempDir
    Path tmp;

    record Run(int exitCode, String err) {
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        return new Run(code, err.toString());
    }

    @Test
    void serve_missingModelFile_isUsageError() {
        Run r = run("serve", "--model", tmp.resolve("nope.onnx").toString(), "--port", "0", "--grpc-port", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("model file not found");
    }

    @Test
    void serve_fileThatIsNotAModel_failsNamingIt() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.onnx"), "not a model");
        Run r = run("serve", "--model", bad.toString(), "--port", "0", "--grpc-port", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("bad.onnx", "not a loadable ONNX model");
    }

    @Test
    void serve_directoryThatIsNotAPackage_failsNamingWhatIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pkg"));
        Run r = run("serve", "--model", dir.toString(), "--port", "0", "--grpc-port", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("is not a model package");
    }

    @Test
    void serve_portInUse_isConfigurationError() throws IOException {
        Path model = Files.write(tmp.resolve("tiny.onnx"), dev.loupe.core.inference.TinyOnnx.reluAndNeg());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run("serve", "--model", model.toString(), "--port", Integer.toString(taken.getLocalPort()), "--grpc-port", "-1");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).contains("could not bind the HTTP port 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void serve_unknownRegistryReference_failsNamingIt() {
        Run r = run("serve", "--model", "defect-cnn@champion", "--home", tmp.resolve("home").toString(), "--port", "0",
                "--grpc-port", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("defect-cnn@champion").doesNotContain("model file not found");
    }

    @Test
    void serve_registryReference_servesThatVersionUnderItsName() {
        Path home = tmp.resolve("home");
        Path line = tmp.resolve("line");
        assertThat(run("data", "generate", "--out", line.toString(), "--count", "40", "--size", "32", "--seed", "3").exitCode()).isZero();
        assertThat(run("data", "import", line.resolve("manifest.csv").toString(), "--name", "covers", "--format", "manifest",
                "--home", home.toString()).exitCode()).isZero();
        for (int k = 0; k < 2; k++) { // versions 1 and 2
            Run train = run("train", "--dataset", "covers", "--trainer", "baseline", "--name", "covers-rules", "--home", home.toString());
            assertThat(train.exitCode()).as(train.toString()).isZero();
        }
        assertThat(run("models", "alias", "covers-rules", "champion", "1", "--home", home.toString()).exitCode()).isZero();

        for (String[] c : new String[][] {{"covers-rules/2", "covers-rules", "2"}, {"covers-rules@champion", "covers-rules", "1"},
                {"line-3=covers-rules/2", "line-3", "2"}}) {
            ServeCommand serve = new ServeCommand();
            new picocli.CommandLine(serve).parseArgs("--model", c[0], "--home", home.toString());
            List<AutoCloseable> owned = new ArrayList<>();
            List<ServedModel> served = new ArrayList<>();
            try {
                serve.loadModels(owned, served);
                assertThat(served).singleElement().satisfies(m -> {
                    assertThat(m.name()).as(c[0]).isEqualTo(c[1]);
                    assertThat(m.version()).as(c[0]).isEqualTo(c[2]);
                    assertThat(m.image()).as("served with its descriptor, so /inspect works").isPresent();
                });
            } finally {
                for (AutoCloseable o : owned) {
                    try {
                        o.close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    @Test
    void serve_badPort_isUsageError() {
        Run r = run("serve", "--model", "x.onnx", "--port", "70000");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("HTTP port must be 0..65535");
    }
}

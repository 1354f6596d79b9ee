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

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
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
    void serve_imageFile_saysItIsNoZipAndWhatModelTakes() throws IOException {
        Path png = Files.write(tmp.resolve("part.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        Run r = run("serve", "--model", png.toString(), "--port", "0", "--grpc-port", "-1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).as(r.toString()).contains("part.png", "neither a zip nor a directory", "--model takes", ".onnx file")
                .doesNotContain("the zip has no");
    }

    @Test
    void serve_portInUse_isConfigurationError() throws IOException {
        Path model = Files.write(tmp.resolve("tiny.onnx"), dev.loupe.core.inference.TinyOnnx.reluAndNeg());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run("serve", "--model", model.toString(), "--port", Integer.toString(taken.getLocalPort()), "--grpc-port", "-1");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).contains("the REST port 127.0.0.1:" + taken.getLocalPort() + " is in use");
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

        Run show = run("models", "show", "covers-rules", "--home", home.toString());
        java.util.regex.Matcher blob = java.util.regex.Pattern.compile("(?m)^\\s*2\\s.*blob:sha256:([0-9a-f]{64})").matcher(show.out());
        assertThat(blob.find()).as(show.toString()).isTrue();
        String id = blob.group(1);

        for (String[] c : new String[][] {{"covers-rules/2", "covers-rules", "2"}, {"covers-rules@champion", "covers-rules", "1"},
                {"line-3=covers-rules/2", "line-3", "2"}, {"sha256:" + id, "covers-rules", "2"}}) {
            assertThat(served("--model", c[0], "--home", home.toString())).as(c[0]).isEqualTo(c[1] + "/" + c[2]);
        }
        Path bare = tmp.resolve("no-registry"); // the same blobs, a registry that has never heard of them
        assertThat(served("--model", "sha256:" + id, "--home", bare.toString(), "--store", home.resolve("blobs").toString()))
                .as("named by its descriptor; not version 1, which a file has").isEqualTo("covers-rules/" + id.substring(0, 12));
    }

    /** NAME/VERSION of the one model {@code serve} would load with these arguments, checked to have its descriptor. */
    private static String served(String... args) {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs(args);
        List<AutoCloseable> owned = new ArrayList<>();
        List<ServedModel> served = new ArrayList<>();
        try {
            serve.loadModels(owned, served);
            assertThat(served).hasSize(1);
            assertThat(served.get(0).image()).as("served with its descriptor, so /inspect works").isPresent();
            return served.get(0).name() + "/" + served.get(0).version();
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

    @Test
    void serve_badPort_isUsageError() {
        Run r = run("serve", "--model", "x.onnx", "--port", "70000");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("HTTP port must be 0..65535");
    }
}

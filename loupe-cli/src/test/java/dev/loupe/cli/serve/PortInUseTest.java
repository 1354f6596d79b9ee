package dev.loupe.cli.serve;

import dev.loupe.cli.CliRun;
import dev.loupe.cli.ExitCodes;
import dev.loupe.core.inference.TinyOnnx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loupe serve} and {@code loupe server} on a port another process listens on: one line naming the port
 * (REST or gRPC) and the option that moves it, exit 3, and the other port released. What reaches stderr is
 * checked in a child JVM: Helidon logs through java.util.logging to the process's own stderr, which an in-process
 * run does not capture.
 */
class PortInUseTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    Path model;
    Path home;

    @BeforeEach
    void model() throws IOException {
        model = Files.write(dir.resolve("tiny.onnx"), TinyOnnx.reluAndNeg());
        home = dir.resolve("home");
    }

    @Test
    @Timeout(120)
    void serve_restPortInUse_printsOneLineAndNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            Child r = child("serve", "--model", model.toString(), "--port", port(taken), "--grpc-port", "-1");
            assertThat(r.exitCode).as(r.err).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err.lines()).as(r.err).containsExactly("loupe: the REST port 127.0.0.1:" + port(taken)
                    + " is in use; stop what listens there, or choose another port with --port (0 for any free one)");
        }
    }

    @Test
    @Timeout(120)
    void server_restPortInUse_printsOneLineAndNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            Child r = child("server", "--port", port(taken), "--grpc-port", "-1", "--home", home.toString());
            assertThat(r.exitCode).as(r.err).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err.lines()).as(r.err).containsExactly("loupe: the REST port 127.0.0.1:" + port(taken)
                    + " is in use; stop what listens there, or choose another port with --port (0 for any free one)");
        }
    }

    @Test
    void serve_grpcPortInUse_namesItAndLeavesTheRestPortFree() throws Exception {
        int rest = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            CliRun r = CliRun.of("serve", "--model", model.toString(), "--port", Integer.toString(rest), "--grpc-port", port(taken));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).as(r.toString()).isEqualTo("loupe: the gRPC port 127.0.0.1:" + port(taken) + " is in use; stop what"
                    + " listens there, or choose another port with --grpc-port (0 for any free one, -1 for no gRPC)\n");
        }
        assertFree(rest);
    }

    @Test
    void serve_restPortInUse_leavesTheGrpcPortFree() throws Exception {
        int grpc = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            CliRun r = CliRun.of("serve", "--model", model.toString(), "--port", port(taken), "--grpc-port", Integer.toString(grpc));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).as(r.toString()).contains("the REST port 127.0.0.1:" + port(taken) + " is in use");
        }
        assertFree(grpc);
    }

    @Test
    void server_restPortInUse_releasesTheGrpcPortItHadBound() throws Exception {
        int grpc = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            CliRun r = CliRun.of("server", "--port", port(taken), "--grpc-port", Integer.toString(grpc), "--triggers", "off",
                    "--home", home.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).as(r.toString()).contains("the REST port 127.0.0.1:" + port(taken) + " is in use", "--port");
        }
        assertFree(grpc);
    }

    @Test
    void server_grpcPortInUse_namesItAndLeavesTheRestPortFree() throws Exception {
        int rest = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            CliRun r = CliRun.of("server", "--port", Integer.toString(rest), "--grpc-port", port(taken), "--triggers", "off",
                    "--home", home.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.err()).as(r.toString()).isEqualTo("loupe: the gRPC port 127.0.0.1:" + port(taken) + " is in use; stop what"
                    + " listens there, or choose another port with --grpc-port (0 for any free one, -1 for no gRPC)\n");
        }
        assertFree(rest);
    }

    private static String port(ServerSocket socket) {
        return Integer.toString(socket.getLocalPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Binds {@code port} on loopback: fails when the command left a listener there. */
    private static void assertFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, LOOPBACK)) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    private Child child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "dev.loupe.cli.Main"));
        command.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("loupe " + String.join(" ", args) + " did not end within 90 s:\n" + Files.readString(err));
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Child(int exitCode, String out, String err) {
    }
}

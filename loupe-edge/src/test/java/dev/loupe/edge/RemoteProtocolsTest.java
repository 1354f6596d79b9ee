package dev.loupe.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.edge.cli.EdgeMain;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loupe edge --protocol v2|inspect} on loopback: the agent scores on a real prediction server
 * (over OIP v2 binary, or {@code /inspect}), falls back to its own model while the server is gone, goes
 * back to the server when it returns, and decides every frame exactly once.
 */
class RemoteProtocolsTest {
    static final int FRAMES = 1200;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"v2, score 0\\.\\d{3} [<>=]+ threshold 0\\.590", "inspect, server decided (pass|reject) \\(score 0\\.\\d{3}\\)"})
    @Timeout(120)
    void edge_remote_decidesOnTheServer_fallsBackWhileItIsGone_andReturnsToIt(String protocol, String remoteReason) throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        Path zip = dir.resolve("covers.zip");
        pkg.writeZip(zip);
        Path log = dir.resolve("events.jsonl");
        PredictionServer server = serve(pkg, 0);
        int port = server.httpPort();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread agent = Thread.ofPlatform().start(() -> exit.set(EdgeMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "edge", "--station", "v2", "--source", "synthetic:dimming", "--rate", "300", "--size", "32",
                "--model", zip.toString(), "--server", "http://127.0.0.1:" + port, "--protocol", protocol, "--budget-ms", "2000",
                "--state", dir.resolve("state").toString(), "--listen", "127.0.0.1:0", "--sync-interval-s", "0",
                "--log", log.toString(), "--max-frames", "" + FRAMES, "--no-status", "--drain-timeout-s", "0")));
        try {
            Await.until("100 decisions from the server", Duration.ofSeconds(60), () -> count(log, "remote") >= 100);
            server.close(Duration.ZERO); // gone at once, as a crash: a drained stop would answer the agent's frames for 5 s more
            Await.until("100 fallback decisions", Duration.ofSeconds(60), () -> count(log, "fallback") >= 100);
            long remoteBefore = count(log, "remote");
            server = serve(pkg, port);
            Await.until("the server answers again", Duration.ofSeconds(60), () -> count(log, "remote") > remoteBefore);
            agent.join(Duration.ofSeconds(60));
        } finally {
            server.close();
        }
        assertThat(exit.get()).as(err.toString()).isZero();
        List<JsonNode> decisions = decisions(log, true);
        assertThat(decisions).hasSize(FRAMES);
        assertThat(decisions.stream().map(d -> d.path("id").asText()).distinct()).hasSize(FRAMES);
        assertThat(decisions).filteredOn(d -> d.path("via").asText().equals("remote"))
                .allSatisfy(d -> assertThat(d.path("reason").asText()).matches(remoteReason))
                .allSatisfy(d -> assertThat(d.path("version").asText()).isEqualTo("1"));
        assertThat(decisions).filteredOn(d -> d.path("via").asText().equals("fallback"))
                .allSatisfy(d -> assertThat(d.path("reason").asText()).contains("station model (server"));
    }

    private static PredictionServer serve(ModelPackage pkg, int port) throws Exception {
        ModelFiles.Loaded m = ModelFiles.load(pkg.descriptor().name(), "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        return PredictionServer.start(ServeConfig.defaults().withPorts(port, -1), ModelRepository.of(List.of(m.served())), m.owned());
    }

    /** Counts while the agent is still appending: a line caught half-written is skipped, not an error. */
    private static long count(Path log, String via) {
        return decisions(log, false).stream().filter(d -> d.path("via").asText().equals(via)).count();
    }

    private static List<JsonNode> decisions(Path log, boolean strict) {
        if (!Files.exists(log)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        try {
            return Files.readAllLines(log).stream().filter(l -> strict || l.startsWith("{") && l.endsWith("}")).map(l -> {
                try {
                    return json.readTree(l);
                } catch (IOException e) {
                    if (strict) {
                        throw new UncheckedIOException("a malformed line in the decision log: " + l, e);
                    }
                    return json.missingNode();
                }
            }).filter(n -> n.path("type").asText().equals("decision")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

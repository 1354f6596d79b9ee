package dev.loupe.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.edge.cli.EdgeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of the edge agent, on loopback: synthetic line -> agent -> prediction server,
 * decisions on MQTT (a real mosquitto) -> the servers stop mid-stream -> the agent keeps deciding with
 * its fallback model and spools -> the servers come back -> the spool drains and the platform holds
 * every record exactly once.
 */
class EdgeEndToEndTest {
    static final int FRAMES = 900;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void line_serverDownMidStream_fallsBackSpoolsAndPlatformHoldsEveryRecordOnce() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.of(new ModelDescriptor.ReviewBand(0.585, 0.595)));
        Path zip = dir.resolve("covers.zip");
        pkg.writeZip(zip);
        try (Platform platform = new Platform(dir.resolve("platform"), pkg);
             Mosquitto broker = new Mosquitto(dir);
             MqttSubscriber plc = new MqttSubscriber(broker.uri(), "loupe/st1/events")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread agent = Thread.ofPlatform().start(() -> exit.set(EdgeMain.run(new PrintWriter(out), new PrintWriter(err),
                    "edge", "--station", "st1", "--source", "synthetic:dimming", "--rate", "150", "--size", "64",
                    "--model", zip.toString(), "--server", platform.serveUrl(), "--platform", platform.platformUrl(),
                    "--budget-ms", "500", "--mqtt", broker.uri(), "--state", dir.resolve("state").toString(),
                    "--listen", "127.0.0.1:0", "--sync-interval-s", "0", "--max-frames", "" + FRAMES, "--no-status",
                    "--drain-timeout-s", "60", "--images", "sampled:10")));

            Await.until("200 decisions from the server", Duration.ofSeconds(60), () -> plc.count("via", "remote") >= 200);
            platform.stop();
            Await.until("200 fallback decisions", Duration.ofSeconds(60), () -> plc.count("via", "fallback") >= 200);
            long spooledWhileDown = platform.predictions().size();
            platform.start();
            agent.join(Duration.ofSeconds(120));
            assertThat(exit.get()).as(err.toString()).isZero();

            List<JsonNode> decisions = plc.decisions();
            Set<String> heard = decisions.stream().map(d -> d.path("id").asText()).collect(Collectors.toSet());
            assertThat(decisions).hasSize(FRAMES);
            assertThat(heard).hasSize(FRAMES);
            assertThat(decisions).allSatisfy(d -> assertThat(d.path("reason").asText()).isNotBlank());
            assertThat(decisions.stream().map(d -> d.path("decision").asText()).distinct()).contains("pass", "reject", "review");
            assertThat(plc.count("via", "fallback")).isGreaterThanOrEqualTo(200);

            Await.until("the platform holds every record", Duration.ofSeconds(30), () -> platform.predictions().size() >= FRAMES);
            List<LoggedPrediction> logged = platform.predictions();
            assertThat(logged).hasSize(FRAMES);
            assertThat(logged.stream().map(LoggedPrediction::requestId).collect(Collectors.toSet())).isEqualTo(heard);
            assertThat(spooledWhileDown).isLessThan(FRAMES);
            assertThat(logged.stream().filter(p -> p.image().isPresent()).count()).isGreaterThan(0);
            assertThat(out.toString()).contains("\"spool_depth\":0");
        }
    }
}

package dev.loupe.edge;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.edge.spool.FsyncPolicy;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the agent (a child JVM) mid-stream, then a restart: every record spooled before the kill
 * reaches the platform, the restarted agent resumes after the last spooled frame, and the platform
 * holds frames 0..N-1 each exactly once (counted by frame index).
 */
class EdgeKillTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void agent_killedMidStreamThenRestarted_losesAndDuplicatesNothing() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        Path zip = dir.resolve("covers.zip");
        pkg.writeZip(zip);
        Path state = dir.resolve("state");
        Path log = dir.resolve("events.jsonl");

        // run 1: offline (no platform), killed once it has decided a few hundred parts
        Process first = agent(state, log, List.of("--max-frames", "1000000"));
        Await.until("300 decisions logged", Duration.ofSeconds(60), () -> lines(log) >= 300);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long heardBeforeKill = lines(log);

        long spooled;
        try (Spool s = Spool.open(state.resolve("spool"), SpoolConfig.defaults().withFsync(new FsyncPolicy.Never()))) {
            spooled = s.lastSequence();
        }
        assertThat(spooled).isGreaterThanOrEqualTo(heardBeforeKill);

        // run 2: the platform is up; 200 more parts, then the agent drains its spool and exits
        try (Platform platform = new Platform(dir.resolve("platform"), pkg)) {
            Process second = agent(state, log, List.of("--max-frames", "200", "--platform", platform.platformUrl(),
                    "--drain-timeout-s", "60"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("agent.err"))).isZero();

            List<LoggedPrediction> logged = platform.predictions();
            List<Long> frames = logged.stream().map(p -> Long.parseLong(p.requestId().substring(p.requestId().lastIndexOf('-') + 1)))
                    .toList();
            Set<Long> distinct = new TreeSet<>(frames);
            assertThat(frames).hasSize((int) (spooled + 200));
            assertThat(distinct).hasSize(frames.size());
            assertThat(distinct).containsExactlyElementsOf(range(spooled + 200));
        }
    }

    private static List<Long> range(long n) {
        List<Long> r = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private Process agent(Path state, Path log, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), "dev.loupe.edge.cli.EdgeMain",
                "edge", "--station", "st1", "--source", "synthetic:stable", "--size", "64", "--model",
                dir.resolve("covers.zip").toString(), "--state", state.toString(), "--log", log.toString(),
                "--listen", "127.0.0.1:0", "--no-status", "--fsync", "never", "--images", "none"));
        cmd.addAll(extra);
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("agent.out").toFile())
                .redirectError(dir.resolve("agent.err").toFile()).start();
    }

    private static long lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.endsWith("}")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}

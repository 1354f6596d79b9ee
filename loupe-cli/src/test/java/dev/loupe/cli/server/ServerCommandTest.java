package dev.loupe.cli.server;

import dev.loupe.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandTest {
    @TempDir
    Path home;

    @Test
    void server_onAPortInUse_exitsThreeWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.of("server", "--port", Integer.toString(taken.getLocalPort()), "--home", home.toString());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err()).contains("in use");
        }
    }

    @Test
    void server_takesServesServingOptions_checkedAsServeChecksThem() {
        CliRun r = CliRun.of("server", "--port", "0", "--threads", "0", "--home", home.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("inference threads must be at least 1, got 0");
        CliRun batch = CliRun.of("server", "--port", "0", "--max-batch", "300", "--home", home.toString());
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("max batch must be 1..256, got 300");
        CliRun drain = CliRun.of("server", "--port", "0", "--drain-seconds", "-1", "--home", home.toString());
        assertThat(drain.exitCode()).isEqualTo(2);
        assertThat(drain.err()).contains("--drain-seconds must be 0..3600, got -1.0");
        assertThat(CliRun.of("server", "--help").out()).contains("--threads=N", "--queue=N", "--max-batch=N", "--drain-seconds=S");
    }

    @Test
    void server_badPort_isAUsageError() {
        CliRun r = CliRun.of("server", "--port", "70000", "--home", home.toString());
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    @Timeout(30) // accepted, the server would start and serve until stopped
    void server_alertOnAnUnknownMetric_isAUsageErrorNamingTheMetrics() {
        CliRun r = CliRun.of("server", "--port", "0", "--home", home.toString(), "--alert", "estimated_recal < 0.9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown metric 'estimated_recal'", "estimated_recall");
    }

    @Test
    @Timeout(30)
    void server_webhookThatIsNotAnHttpUrl_isAUsageError() {
        CliRun r = CliRun.of("server", "--port", "0", "--home", home.toString(), "--webhook", "localhost:9000/alerts");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("webhook 'localhost:9000/alerts' is not an http:// or https:// URL");
    }

    @Test
    @Timeout(30)
    void server_retentionDaysBelowOne_isAUsageError() {
        CliRun r = CliRun.of("server", "--port", "0", "--home", home.toString(), "--retention-days", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--retention-days must be at least 1 (got 0)");
        assertThat(CliRun.of("server", "--help").out()).contains("--retention-days=D");
    }

    @Test
    void help_project_namesLabelsDecisionSectionAndTriggers() {
        String help = CliRun.of("server", "--help").out().replaceAll("\\s+", " "); // wrapped lines joined
        assertThat(help).contains("--project=FILE project file (default: ./loupe.yaml if present): its labels are the ones "
                + "reviewers give, its decision section (threshold, review_band, stop_line) overrides the served models' own, "
                + "its enabled automatic retraining triggers run in this server (see --triggers)");
    }
}

package dev.loupe.cli.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.cli.CliRun;
import dev.loupe.cli.LoupeCommand;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.model.ImageClassifier;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NoSuchBlobException;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The monitor commands end to end on a temporary home: a stable reference folder, then a dimming stream. */
class MonitorCommandsTest {
    static final int STREAM = 400;
    static final int ONSET = 120;

    @TempDir
    Path dir;

    Path home;
    Path reference;
    Path stream;
    Path scores;
    StringWriter out;
    StringWriter err;

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = LoupeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A 24×24 part photo: light × (base level + pixel noise), a slight colour cast. */
    static void image(Path file, Random rnd, double light) throws IOException {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        double level = 0.55 + 0.02 * rnd.nextGaussian();
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                double v = Math.min(1, Math.max(0, light * (level + 0.05 * rnd.nextGaussian())));
                int g = (int) (255 * v);
                img.setRGB(x, y, (Math.min(255, g + 12) << 16) | (g << 8) | Math.max(0, g - 10));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @BeforeEach
    void lineImages() throws IOException {
        home = dir.resolve("home");
        reference = dir.resolve("stable");
        stream = dir.resolve("dimming");
        Random rnd = new Random(42);
        StringBuilder csv = new StringBuilder("file,score,label\n");
        for (int i = 0; i < 300; i++) {
            String name = String.format("r%04d.png", i);
            image(reference.resolve(name), rnd, 1.0);
            boolean defect = rnd.nextDouble() < 0.1;
            csv.append(name).append(',').append(score(rnd, defect)).append(',').append(defect ? "defect" : "good").append('\n');
        }
        for (int i = 0; i < STREAM; i++) {
            String name = String.format("s%04d.png", i);
            double light = i < ONSET ? 1.0 : 1.0 - 0.5 * (i - ONSET) / (double) (STREAM - ONSET);
            image(stream.resolve(name), rnd, light);
            csv.append(name).append(',').append(score(rnd, rnd.nextDouble() < 0.1)).append(",\n");
        }
        scores = dir.resolve("scores.csv");
        Files.writeString(scores, csv);
    }

    static double score(Random rnd, boolean defect) {
        return Math.min(1, Math.max(0, (defect ? 0.8 : 0.15) + 0.1 * rnd.nextGaussian()));
    }

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void replayThenStatusReportAlerts_findTheDimmingLamp() throws Exception {
        int code = run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--reference",
                reference.toString(), "--input", stream.toString(), "--scores", scores.toString());
        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("reference: 300 images", "logged 400 predictions").containsPattern("DRIFTING: .*brightness");
        String line = out.toString().lines().filter(l -> l.startsWith("brightness")).findFirst().orElseThrow();
        int start = Integer.parseInt(line.replaceAll(".*\\(replay-\\d+-(\\d+)\\).*", "$1"));
        assertThat(start).isBetween(ONSET - 30, ONSET + 120);

        assertThat(run("monitor", "status", "--home", home.toString(), "--model", "parts")).isEqualTo(1);
        assertThat(out.toString()).containsPattern("DRIFTING: .*brightness").contains("predictions: 400");

        Path exported = dir.resolve("worst");
        assertThat(run("monitor", "report", "--home", home.toString(), "--model", "parts@1", "--out", exported.toString(),
                "--worst", "3")).isEqualTo(1);
        assertThat(out.toString()).contains("median").contains("estimated on the last 400 predictions")
                .contains("cannot see concept drift");
        try (Stream<Path> files = Files.list(exported)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("brightness-")))
                    .hasSize(3).allMatch(n -> n.endsWith(".png"));
        }

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "dark=drift(brightness)",
                "--rule", "calm=drift(score)", "--rule", "drift(score)", "--webhook", "http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).containsPattern("dark\\s+FIRING").containsPattern("calm\\s+INACTIVE")
                .containsPattern("parts/1: drift\\(score\\)\\s+INACTIVE"); // unnamed: named for its model version, as the server names its rules
        String body = received.poll(10, TimeUnit.SECONDS);
        assertThat(body).contains("\"rule\":\"dark\"", "\"status\":\"firing\"", "\"model\":\"parts\"", "\"version\":\"1\"");
        assertThat(received).isEmpty(); // the inactive rule notified nobody

        assertThat(run("monitor", "alerts", "--home", home.toString())).isEqualTo(1);
        assertThat(out.toString()).containsPattern("dark\\s+FIRING");

        assertThat(run("monitor", "retention", "--home", home.toString(), "--days", "1")).isZero();
        assertThat(out.toString()).startsWith("deleted 0 predictions");
    }

    @Test
    void alerts_deadWebhook_saysTheFiringAlertWasNotDeliveredAndWhy() throws Exception {
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--reference",
                reference.toString(), "--input", stream.toString(), "--scores", scores.toString())).isEqualTo(1);
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // nothing listens there once it is closed
        }
        String hook = "http://127.0.0.1:" + port + "/alerts";
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "dark=drift(brightness)",
                "--webhook", hook)).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).containsPattern("dark\\s+FIRING")
                .contains("webhook " + hook + ": 1 alert(s) not delivered after 5 attempts: connection refused (is anything"
                        + " listening at 127.0.0.1:" + port + "?)");
    }

    @Test
    void retention_deletesOldPredictionsAndTheImagesNothingElseUses() throws Exception {
        Files.createDirectories(home);
        Instant old = Instant.now().minus(Duration.ofDays(3));
        BlobId oldReject;
        BlobId reviewed;
        BlobId recent;
        BlobId datasetCopy;
        BlobId neverLogged;
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"), Clock.offset(Clock.systemUTC(), Duration.ofDays(-3)));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            neverLogged = new LoggedImages(blobs, store.packedImages()).keep(List.of(png(5), png(6))).get(0); // the append failed
        }
        // packs placed an hour ago, past retention's grace for packs being written
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            LoggedImages images = new LoggedImages(blobs, store.packedImages());
            List<BlobId> oldPack = images.keep(List.of(png(1), png(2)));
            oldReject = oldPack.get(0);
            reviewed = oldPack.get(1);
            recent = images.keep(List.of(png(3), png(4))).get(0);
            store.predictions().append(List.of(
                    logged("old-1", old, oldReject), logged("old-2", old, reviewed), logged("new-1", Instant.now(), recent)));
            datasetCopy = blobs.put(images.read(reviewed)); // the pipeline copied the reviewed part into a dataset
            store.tracking().logArtifact(store.tracking().createRun(null, null, "ci", null, Map.of()).runId(),
                    new Artifact("worst/old-2.png", datasetCopy, images.size(reviewed)));
        }

        assertThat(run("monitor", "retention", "--home", home.toString(), "--days", "1")).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("deleted 2 predictions made before ")
                .containsPattern("freed \\d+\\.\\d MiB of their images: 1 packs, 0 images stored on their own")
                .containsPattern("swept 1 packs no prediction refers to any more \\(images all logged again, or predictions never"
                        + " written\\): \\d+\\.\\d MiB");
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             BlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            LoggedImages images = new LoggedImages(blobs, store.packedImages());
            assertThat(store.predictions().byRequestId("old-1")).isEmpty();
            assertThat(store.predictions().byRequestId("new-1")).isPresent();
            assertThatThrownBy(() -> images.read(oldReject)).isInstanceOf(NoSuchBlobException.class);
            assertThat(images.read(reviewed)).as("the run's copy stays").isEqualTo(png(2));
            assertThat(images.read(recent)).isEqualTo(png(3));
            assertThatThrownBy(() -> images.read(neverLogged)).isInstanceOf(NoSuchBlobException.class);
            assertThat(blobs.list()).as("the recent pack and the run's copy").hasSize(2);
        }
    }

    private static byte[] png(int seed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4 + seed, 4, BufferedImage.TYPE_BYTE_GRAY), "png", bytes);
        return bytes.toByteArray();
    }

    private static LoggedPrediction logged(String requestId, Instant at, BlobId image) {
        return new LoggedPrediction(at, "parts", "1", "st1", requestId, Optional.empty(), 0.9, "defect", Decision.REJECT,
                1_000_000L, Optional.of(image), Optional.empty());
    }

    @Test
    void json_dimmingStream_statusReportAlertsGiveTheDriftAndKeepExitOne() throws Exception {
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--reference",
                reference.toString(), "--input", stream.toString(), "--scores", scores.toString())).isEqualTo(1);

        CliRun status = CliRun.of("monitor", "status", "--json", "--home", home.toString(), "--model", "parts");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
        JsonNode doc = status.json();
        assertThat(doc.path("model").asText()).isEqualTo("parts");
        assertThat(doc.path("version").asText()).isEqualTo("1");
        assertThat(doc.path("monitored").asBoolean()).isTrue();
        assertThat(doc.path("reference").path("size").asInt()).isEqualTo(300);
        assertThat(doc.path("predictions").asLong()).isEqualTo(STREAM);
        assertThat(doc.path("observed").asLong()).isEqualTo(STREAM);
        assertThat(Instant.parse(doc.path("first").asText())).isBeforeOrEqualTo(Instant.parse(doc.path("last").asText()));
        assertThat(doc.path("drifting").toString()).contains("\"brightness\"");
        JsonNode brightness = detector(doc, "brightness");
        assertThat(brightness.path("threshold").isNumber()).isTrue();
        assertThat(brightness.path("missing").asLong()).isZero();
        assertThat(detector(doc, "score").path("last_alarm").isNull()).isTrue(); // null, not left out
        JsonNode alarm = element(doc.path("alarms"), "monitor", "brightness");
        assertThat(alarm.path("direction").asText()).isEqualTo("down");
        assertThat(alarm.path("start_request_id").asText()).matches("replay-\\d+-\\d+");
        assertThat(alarm.path("observations").asLong()).isPositive();
        assertThat(doc.path("estimated").path("predictions").asLong()).isEqualTo(STREAM);
        assertThat(doc.path("estimated").path("recall").isNumber()).isTrue();

        Path exported = dir.resolve("worst");
        CliRun report = CliRun.of("monitor", "report", "--json", "--home", home.toString(), "--model", "parts@1",
                "--out", exported.toString(), "--worst", "2");
        assertThat(report.exitCode()).as(report.toString()).isEqualTo(1);
        JsonNode r = report.json();
        assertThat(r.path("detectors")).hasSameSizeAs(doc.path("detectors"));
        JsonNode finding = element(r.path("findings"), "monitor", "brightness");
        assertThat(finding.path("current_median").asDouble()).isLessThan(finding.path("reference_median").asDouble());
        assertThat(finding.path("worst")).hasSize(2);
        JsonNode worst = finding.path("worst").get(0);
        assertThat(worst.path("value").isNumber()).isTrue();
        assertThat(worst.path("missing_values")).isEmpty();
        assertThat(Path.of(worst.path("file").asText())).exists().startsWith(exported);
        assertThat(r.path("feedback").isNull()).isTrue();

        CliRun alerts = CliRun.of("monitor", "alerts", "--json", "--home", home.toString(), "--model", "parts",
                "--rule", "dark=drift(brightness)", "--rule", "drift(score)");
        assertThat(alerts.exitCode()).as(alerts.toString()).isEqualTo(1);
        JsonNode a = alerts.json();
        assertThat(a.path("evaluated").path("rules").asInt()).isEqualTo(2);
        assertThat(a.path("evaluated").path("predictions").asLong()).isEqualTo(STREAM);
        assertThat(a.path("alerts")).hasSize(2);
        JsonNode dark = element(a.path("alerts"), "rule", "dark");
        assertThat(dark.path("state").asText()).isEqualTo("firing");
        assertThat(dark.path("history").isArray()).isTrue();
        // monitor status shows the version's own rules' states, in the server's shape
        JsonNode again = CliRun.of("monitor", "status", "--json", "--home", home.toString(), "--model", "parts").json();
        assertThat(again.path("alerts")).hasSize(1);
        assertThat(again.path("alerts").get(0).path("rule").asText()).isEqualTo("parts/1: drift(score)");
        assertThat(again.path("alerts").get(0).path("state").asText()).isEqualTo("inactive");

        CliRun listed = CliRun.of("monitor", "alerts", "--json", "--home", home.toString());
        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.json().path("evaluated").isNull()).isTrue();
        assertThat(listed.json().path("alerts")).hasSize(2);
    }

    @Test
    void json_stableStream_exitsZeroWithNothingDriftingAndNoAlerts() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@2", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@2", "--input",
                reference.toString(), "--scores", scores.toString())).isZero();
        CliRun status = CliRun.of("monitor", "status", "--json", "--home", home.toString(), "--model", "parts@2", "--since", "7d");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.json().path("drifting")).isEmpty();
        assertThat(status.json().path("alarms")).isEmpty();
        CliRun report = CliRun.of("monitor", "report", "--json", "--home", home.toString(), "--model", "parts@2", "--since", "7d");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.json().path("findings")).isEmpty();
        CliRun alerts = CliRun.of("monitor", "alerts", "--json", "--home", home.toString());
        assertThat(alerts.exitCode()).isZero();
        assertThat(alerts.json().path("alerts")).isEmpty();
        CliRun missing = CliRun.of("monitor", "status", "--json", "--home", home.toString(), "--model", "nothing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("no monitoring reference for nothing");
    }

    private static JsonNode detector(JsonNode doc, String monitor) {
        return element(doc.path("detectors"), "monitor", monitor);
    }

    /** The array's first object whose {@code field} is {@code value}. */
    private static JsonNode element(JsonNode array, String field, String value) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .filter(x -> x.path(field).asText().equals(value)).findFirst().orElseThrow();
    }

    @Test
    void report_streamWithNaNScores_reportsTheNaNsAndNoDriftDownward() throws Exception {
        // the stable folder again, but from its 100th image on the model answers NaN for every third
        StringBuilder csv = new StringBuilder("file,score,label\n");
        Random rnd = new Random(7);
        int nans = 0;
        for (int i = 0; i < 300; i++) {
            String name = String.format("r%04d.png", i);
            boolean nan = i >= 100 && i % 3 == 0;
            nans += nan ? 1 : 0;
            csv.append(name).append(',').append(nan ? "NaN" : Double.toString(score(rnd, rnd.nextDouble() < 0.1))).append(",\n");
        }
        Path nanScores = dir.resolve("nan-scores.csv");
        Files.writeString(nanScores, csv);
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@3", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        run("monitor", "replay", "--home", home.toString(), "--model", "parts@3", "--input", reference.toString(),
                "--scores", nanScores.toString());

        assertThat(run("monitor", "report", "--home", home.toString(), "--model", "parts@3", "--since", "7d")).as(out.toString()).isEqualTo(1);
        String report = out.toString();
        assertThat(report).containsPattern("DRIFTING: missing\\s*$|DRIFTING: missing\\n")
                .contains("NaN values (left out of their detectors): score " + nans + ", defect-share " + nans)
                .containsPattern("missing: up rate 0\\.\\d+ since")
                .contains("NaN values: score " + nans + " of 300");
        assertThat(report.lines().filter(l -> l.startsWith("score ") || l.startsWith("defect-share ")))
                .hasSize(2).allMatch(l -> l.endsWith(" 0  -")); // no drift episode on the score: a NaN is no low score
    }

    @Test
    void replay_intervalThatIsNotADuration_isAUsageErrorSayingWhatADurationIs() {
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--input", stream.toString(),
                "--interval", "xx")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("loupe: --interval takes a duration above 0: a number and a unit"
                + " (ms, s, m, h, d, w) such as 30s, 10m, 2h or 7d (got 'xx')" + System.lineSeparator());
    }

    @Test
    void replayAndReference_missingOrEmptyFolder_areUsageErrorsNamingTheOption() throws IOException {
        Path missing = dir.resolve("no-such-folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String[] command : new String[][] {{"replay", "--input"}, {"reference", "--images"}}) {
            assertThat(run("monitor", command[0], "--home", home.toString(), "--model", "parts@1", command[1], missing.toString(),
                    "--scores", scores.toString())).as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).contains(command[1] + " " + missing + ": no such directory");
            assertThat(run("monitor", command[0], "--home", home.toString(), "--model", "parts@1", command[1], empty.toString(),
                    "--scores", scores.toString())).as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).contains(command[1] + " " + empty + " has no readable images");
        }
    }

    @Test
    void alerts_ruleOnAMisspeltMetricOrDetector_isAUsageErrorAndNothingIsSaved() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "estimated_recal < 0.9"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown metric 'estimated_recal'", "estimated_recall");
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "drift(brigthness)"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no detector 'brigthness'", "brightness");
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "x=")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read alert rule");
        assertThat(run("monitor", "alerts", "--home", home.toString())).isZero();
        assertThat(out.toString()).contains("no alert rule has been evaluated yet");
    }

    @Test
    void alerts_estimateOnAReferenceWithoutLabels_isAUsageErrorAndNothingIsSaved() throws IOException {
        Path unlabelled = Files.writeString(dir.resolve("unlabelled.csv"),
                String.join("\n", Files.readAllLines(scores).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList()));
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", unlabelled.toString())).as(err.toString()).isZero();
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "estimated_recall < 0.9"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("estimated_recall needs a reference with the model's scores and labels",
                "parts version 1's has 300 scores, no labels");
        assertThat(run("monitor", "alerts", "--home", home.toString())).isZero();
        assertThat(out.toString()).contains("no alert rule has been evaluated yet");
    }

    @Test
    void alerts_estimateWithNoPredictionsYet_saysItHasNoValueYet() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(run("monitor", "alerts", "--home", home.toString(), "--model", "parts", "--rule", "low=estimated_recall < 0.95"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("low\\s+INACTIVE .* estimated_recall < 0.95 \\(no value yet\\): inactive")
                .doesNotContain("value no value");
    }

    @Test
    void status_withoutReference_saysHowToBuildOne() {
        assertThat(run("monitor", "status", "--home", home.toString(), "--model", "nothing")).isEqualTo(1);
        assertThat(err.toString()).contains("no monitoring reference for nothing", "loupe monitor reference");
    }

    @Test
    void reference_thenStableReplay_reportsNoDrift() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@2", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("300 images, 300 scores with labels");
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@2", "--input",
                reference.toString(), "--scores", scores.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("no drift");
    }

    @Test
    void referenceThenReplay_statusAfterwardsSeesTheReplayedStreamAndItsDrift() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--input",
                stream.toString(), "--scores", scores.toString())).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("the stream starts when the reference was built");
        // status reads from the reference's creation by default: it must see the stream the replay just logged
        assertThat(run("monitor", "status", "--home", home.toString(), "--model", "parts")).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("predictions: " + STREAM + " from").containsPattern("DRIFTING: .*brightness");
    }

    @Test
    void replay_withoutScores_registeredVersion_scoresTheImagesWithItsModel() throws Exception {
        Files.createDirectories(home);
        ModelPackage pkg = ModelPackage.of(TestDescriptors.grayscale(8, 8, 0.5), TestGraphs.meanSigmoid(1));
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            store.registry().register("test", "parts", ModelResolver.source(pkg.store(blobs)), null, null, Map.of());
        }
        // the reference holds the model's own scores on the stable images
        StringBuilder csv = new StringBuilder("file,score\n");
        try (ImageClassifier model = ImageClassifier.load(pkg, 1); Stream<Path> files = Files.list(reference)) {
            for (Path f : files.sorted().toList()) {
                csv.append(f.getFileName()).append(',').append(model.classify(Files.readAllBytes(f)).score()).append('\n');
            }
        }
        Path own = Files.writeString(dir.resolve("own-scores.csv"), csv);
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", own.toString())).as(err.toString()).isZero();
        // the same images again, without --scores: scored as the server would have, so nothing drifts
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--input",
                reference.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("scored 300 images with parts version 1", "no drift");
    }

    @Test
    void reference_registeredModelWithEmbedding_embedsTheImages() throws Exception {
        Files.createDirectories(home);
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            ModelDescriptor d = TestDescriptors.grayscale(8, 8, 0.5);
            store.registry().register("test", "parts", ModelResolver.source(ModelPackage.of(d, TestGraphs.meanSigmoid(1))
                    .store(blobs)), null, null, Map.of());
        }
        // the embedding detector needs 400 images: the 300 reference images and the stream's first 100 (before the onset)
        Path images = dir.resolve("stable-400");
        Files.createDirectories(images);
        try (var files = Files.list(reference)) {
            for (Path f : files.toList()) {
                Files.copy(f, images.resolve(f.getFileName()));
            }
        }
        for (int i = 0; i < 100; i++) {
            String name = String.format("s%04d.png", i);
            Files.copy(stream.resolve(name), images.resolve(name));
        }
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                images.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("embedding: 400 images, 1 features reduced to 3 coordinates");
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            Reference saved = new References(store.monitoring(), blobs).load("parts", Optional.of("1")).orElseThrow();
            assertThat(saved.embedding()).hasValueSatisfying(e -> assertThat(e.size()).isEqualTo(400));
        }
    }

    /** Registers version 1 of {@code parts}: a grayscale mean-sigmoid model deciding at {@code threshold}. */
    void registerParts(double threshold) throws IOException {
        Files.createDirectories(home);
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            store.registry().register("test", "parts", ModelResolver.source(ModelPackage.of(
                    TestDescriptors.grayscale(8, 8, threshold), TestGraphs.meanSigmoid(1)).store(blobs)), null, null, Map.of());
        }
    }

    @Test
    void reference_registeredVersionWithoutThresholdOption_keepsTheVersionsThreshold() throws Exception {
        registerParts(0.3);
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("at threshold 0.3000");
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            Reference saved = new References(store.monitoring(), blobs).load("parts", Optional.of("1")).orElseThrow();
            assertThat(saved.threshold()).isEqualTo(0.3);
            assertThat(saved.positive()).isEqualTo("defect");
        }
    }

    @Test
    void reference_thresholdOption_winsOverTheRegisteredVersions() throws Exception {
        registerParts(0.3);
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString(), "--threshold", "0.6")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("at threshold 0.6000");
    }

    @Test
    void reference_withoutScores_registeredVersion_holdsItsModelsScoresForTheScoreDetectors() throws Exception {
        registerParts(0.5);
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("scored 300 images with parts version 1", "300 images, 300 scores")
                .doesNotContain("no score and defect-share detectors");
        try (MetadataStore store = new SqliteMetadataStore(home.resolve("loupe.db"));
             FileBlobStore blobs = new FileBlobStore(home.resolve("blobs"))) {
            Reference saved = new References(store.monitoring(), blobs).load("parts", Optional.of("1")).orElseThrow();
            assertThat(saved.scores()).hasSize(300);
            assertThat(java.util.Arrays.stream(saved.scores()).distinct().count()).as("the model's own, varying scores").isGreaterThan(1);
        }
    }

    @Test
    void reference_withoutScoresOrRegisteredVersion_saysItHasNoScoreDetectors() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("300 images, 0 scores",
                "no score and defect-share detectors: give --scores CSV, or register parts version 1");
    }

    @Test
    void replay_folderWithFilesThatDoNotDecode_namesThemAndLogsTheRest() throws Exception {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@1", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        Path line = dir.resolve("line");
        Files.createDirectories(line);
        for (int i = 0; i < 30; i++) {
            String name = String.format("s%04d.png", i);
            Files.copy(stream.resolve(name), line.resolve(name));
        }
        Files.writeString(line.resolve("bad.png"), "not an image");
        byte[] png = Files.readAllBytes(stream.resolve("s0030.png"));
        Files.write(line.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        assertThat(run("monitor", "replay", "--home", home.toString(), "--model", "parts@1", "--input", line.toString(),
                "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains(line + ": skipped 2 unreadable files: bad.png (not a PNG",
                "cut.png (truncated PNG", "logged 30 predictions");
    }

    @Test
    void reference_modelNotRegistered_savesWithoutEmbedding() {
        assertThat(run("monitor", "reference", "--home", home.toString(), "--model", "parts@2", "--images",
                reference.toString(), "--scores", scores.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("no embedding detector: parts version 2 is not in the registry",
                "at threshold 0.5000");
    }
}

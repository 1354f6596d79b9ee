package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.server.LoupeServer;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's HTTP contract over a real socket: who may do what, which blobs are served, escaping. */
class ConsoleHttpTest {
    @TempDir
    Path dir;

    SqliteMetadataStore store;
    FileBlobStore blobs;
    LoupeServer server;
    final HttpClient http = HttpClient.newHttpClient();

    private void start(ConsoleAuth auth) throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        store.registry().register("seed", "m", "blob:x", null, null, Map.of());
        store.registry().register("seed", "m", "blob:y", null, null, Map.of());
        store.registry().setAlias("seed", "m", "champion", 1, null);
        server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0), store, blobs,
                new ConsoleConfig(ConsoleConfig.DEFAULT_LABELS, auth, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
        blobs.close();
        store.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> promote(Optional<String> origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/models/m/alias"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=promote&version=2&reason=better"));
        origin.ifPresent(o -> b.header("Origin", o));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveEvents_browserLeaves_logsNoError() throws Exception {
        start(new LoopbackAuth());
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logged, true, StandardCharsets.UTF_8)); // slf4j-simple writes here
        try {
            URI url = URI.create(server.url());
            try (java.net.Socket browser = new java.net.Socket(url.getHost(), url.getPort())) {
                browser.getOutputStream().write(("GET /live/events HTTP/1.1\r\nHost: " + url.getAuthority()
                        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                java.io.InputStream in = browser.getInputStream();
                String seen = "";
                while (!seen.contains("live decisions")) { // the stream has started
                    int b = in.read();
                    assertThat(b).as("stream ended early: " + seen).isNotEqualTo(-1);
                    seen += (char) b;
                }
            } // the tab is closed
            // the stream writes every LivePage.POLL_MILLIS; the write after the close fails within two of them
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(8 * LivePage.POLL_MILLIS);
            while (System.nanoTime() < end && !logged.toString(StandardCharsets.UTF_8).contains("/live/events")) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // polls the log, not a clock
            }
        } finally {
            System.setErr(err);
        }
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("/live/events").doesNotContain("ERROR");
    }

    @Test
    void promote_fromAnotherOrigin_isRefusedAndChangesNothing() throws Exception {
        start(new LoopbackAuth());
        assertThat(promote(Optional.of("http://evil.example")).statusCode()).isEqualTo(403);
        assertThat(store.registry().versionByAlias("m", "champion")).map(v -> v.version()).contains(1);
    }

    @Test
    void promote_fromTheConsolesOrigin_movesTheAlias() throws Exception {
        start(new LoopbackAuth());
        assertThat(promote(Optional.of(server.url())).statusCode()).isEqualTo(303);
        assertThat(store.registry().versionByAlias("m", "champion")).map(v -> v.version()).contains(2);
    }

    @Test
    void promote_redirectsToAPageSayingWhichVersionMovedFromWhich() throws Exception {
        start(new LoopbackAuth());
        String location = promote(Optional.of(server.url())).headers().firstValue("Location").orElseThrow();

        assertThat(textOf(get(location).body(), "done")).startsWith("Promoted: v2 is now the champion (was v1).");
    }

    @Test
    void modelPage_showsTheStoredRollout_withWhoSetItAndWhen() throws Exception {
        start(new LoopbackAuth());
        store.rollouts().save(new RolloutPlan("m", RolloutPlan.Mode.CANARY, "2", 0.1, "ana", Instant.parse("2025-04-01T08:00:00Z")),
                "try 2");

        assertThat(textOf(get("/models/m").body(), "rollout")).endsWith("canary v2 10.0 % ana 2025-04-01T08:00:00Z");
    }

    @Test
    void promote_ofTheShadowsChallenger_endsTheRollout_andThePageSaysSo() throws Exception {
        start(new LoopbackAuth());
        store.rollouts().save(new RolloutPlan("m", RolloutPlan.Mode.SHADOW, "2", 0, "ana", Instant.now()), "try 2");

        promote(Optional.of(server.url()));

        String page = get("/models/m").body();
        assertThat(textOf(page, "rollout")).contains("none – – " + LoopbackAuth.ACTOR + " ");
        assertThat(textOf(page, "audit")).contains("set-rollout shadow 2 none roll-out ended: its challenger v2 is now the champion");
    }

    @Test
    void modelsAndOverview_showAliasesAsAPersonWritesThem() throws Exception {
        start(new LoopbackAuth());
        store.registry().setAlias("seed", "m", "challenger", 2, null);
        store.registry().setAlias("seed", "m", "stable", 1, null);

        assertThat(textOf(get("/models").body(), "models")).contains(" champion: v1, challenger: v2, stable: v1 ").doesNotContain("{");
        assertThat(textOf(get("/").body(), "models")).contains(" v1 v2 stable: v1 ").doesNotContain("{");
    }

    @Test
    void runPage_showsItsDatasetsAsNameAtVersion_linkedToTheirDataPage() throws Exception {
        start(new LoopbackAuth());
        String id = "0123456789abcdef0123";
        store.datasets().save(new DatasetVersion("line", id, Optional.empty(), "folder", "seed", Instant.now(), 0,
                Map.of("defect", 2, "ok", 3, "", 1), Map.of(Split.TEST, 2, Split.TRAIN, 4)), List.of());
        var tracking = store.tracking();
        String run = tracking.createRun(tracking.createExperiment("defects", null, Map.of()).id(), "r", "seed", Instant.now(),
                Map.of()).runId();
        tracking.logInputs(run, List.of(DatasetInput.loupe("line", id, "train"),
                new DatasetInput("elsewhere", "d1g35t", "s3", "s3://bucket/x", null)));

        String page = get("/experiments/compare?run=" + run).body();

        assertThat(textOf(page, "datasets")).isEqualTo("datasets line@0123456789ab (train), elsewhere@d1g35t");
        assertThat(page).contains("href=\"/data/line/" + id + "\"");
        assertThat(textOf(get("/data").body(), "datasets")).contains(" defect: 2, ok: 3, unlabelled: 1 train: 4, test: 2");
    }

    @Test
    void experiments_twoRunsOfOneName_showWhatTellsThemApart() throws Exception {
        start(new LoopbackAuth());
        var tracking = store.tracking();
        String experiment = tracking.createExperiment("defects", null, Map.of()).id();
        Instant t = Instant.parse("2025-04-01T08:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = tracking.createRun(experiment, "defect-baseline", "seed", t.plusSeconds(3600L * i), Map.of()).runId();
            tracking.logBatch(id, List.of(new Metric("validation.auroc", 0.8 + 0.1 * i, t, 0), new Metric("loss", 1 - 0.1 * i, t, 0)),
                    List.of(), Map.of());
            ids.add(id);
        }

        String list = textOf(get("/experiments").body(), "runs");
        assertThat(list).contains("defect-baseline " + ids.get(0).substring(0, 8) + " defects RUNNING 2025-04-01T08:00:00Z 0.800 ",
                "defect-baseline " + ids.get(1).substring(0, 8) + " defects RUNNING 2025-04-01T09:00:00Z 0.900 ");
        String compare = get("/experiments/compare?run=" + ids.get(0) + "&run=" + ids.get(1)).body();
        assertThat(textOf(compare, "comparison")).startsWith("defect-baseline · " + ids.get(0).substring(0, 8)
                + " defect-baseline · " + ids.get(1).substring(0, 8));
        assertThat(Pattern.compile("&quot;label&quot;:&quot;defect-baseline").matcher(compare).results().count())
                .as("one chart series per run in each of the two charts").isEqualTo(4);
    }

    @Test
    void review_empty_saysWhyAndWhereTheReviewBandIsSet() throws Exception {
        start(new LoopbackAuth());

        assertThat(textOf(get("/review").body(), "empty")).contains("no logged prediction was decided REVIEW",
                "review_band: [0.3, 0.7]", "decision section of loupe.yaml");
    }

    @Test
    void modelPage_doesNotShowWordsALinkPutInItsDoneParameter() throws Exception {
        start(new LoopbackAuth());

        String body = get("/models/m?done=Model%20deleted%2C%20call%20555&version=1").body();

        assertThat(body).doesNotContain("Model deleted").doesNotContain("id=\"done\"");
    }

    @Test
    void promote_byAViewer_isRefused_butTheViewerSeesPages() throws Exception {
        start(req -> Optional.of(new Principal("watcher", Role.VIEWER)));
        assertThat(promote(Optional.empty()).statusCode()).isEqualTo(403);
        assertThat(store.registry().versionByAlias("m", "champion")).map(v -> v.version()).contains(1);
        HttpResponse<String> page = get("/models/m");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Promote to champion");
    }

    @Test
    void page_unexpectedFailure_is500SayingWhatFailedWithAnErrorId_notTheException() throws Exception {
        start(new LoopbackAuth());
        store.close(); // every read of the store fails from here on

        HttpResponse<String> r = get("/models");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).matches("500 showing /models failed \\(error id [0-9a-f-]{36}; the server log has the details\\)");
    }

    @Test
    void everyPage_withoutAKnownCaller_isRefused() throws Exception {
        start(req -> Optional.empty());
        for (String path : new String[]{"/", "/data", "/models/m", "/review", "/assets/console.js"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void blobs_serveImagesOnly_andRejectMalformedIds() throws Exception {
        start(new LoopbackAuth());
        BlobId image = blobs.put(ConsoleSeed.png(100, new Random(1)));
        BlobId text = blobs.put("{\"not\": \"an image\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = get("/blobs/" + image.sha256());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(get("/blobs/" + text.sha256()).statusCode()).isEqualTo(404);
        assertThat(get("/blobs/not-a-sha256").statusCode()).isEqualTo(400);
        assertThat(get("/blobs/..%2F..%2Floupe.db").statusCode()).isIn(400, 404);
        assertThat(get("/blobs/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    }

    @Test
    void names_fromTheStores_areEscaped() throws Exception {
        start(new LoopbackAuth());
        store.registry().createModel("seed", "<script>alert(1)", "<img src=x onerror=alert(2)>", Map.of());
        String body = get("/models").body();
        assertThat(body).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)", "&lt;img src=x onerror=alert(2)&gt;");
    }

    /** The champion v1 answers 4 requests, all passed; a shadow v2 scores copies of them and of one more, all rejected. */
    private void shadowTraffic() {
        Instant t = Instant.now().minusSeconds(120);
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i < 4) {
                batch.add(logged("1", "r" + i, t.plusSeconds(i), 0.1, Decision.PASS));
            }
            batch.add(logged("2", "r" + i, t.plusSeconds(i), 0.9, Decision.REJECT));
        }
        store.predictions().append(batch);
    }

    private static LoggedPrediction logged(String version, String request, Instant t, double score,
                                                                    Decision d) {
        return new LoggedPrediction(t, "m", version, "line-1", request, ConsoleSeed.stats(0.5), score,
                score >= 0.5 ? "defect" : "ok", d, 1_000_000, Optional.empty());
    }

    /** The text of the element with this id (its tags removed, whitespace collapsed). */
    private static String textOf(String html, String id) {
        Matcher m = Pattern.compile("<(\\w+)[^>]* id=\"" + id + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(2).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
    }

    @Test
    void overview_lastHour_countsEachVersionApart_notAShadowsCopiesAsFrames() throws Exception {
        start(new LoopbackAuth());
        shadowTraffic();

        String throughput = textOf(get("/").body(), "throughput");

        assertThat(throughput).contains("m v1 (champion) 4 ", "m v2 5 ").doesNotContain(" 9 ");
    }

    @Test
    void monitoring_showsTheChampionsPredictionsOnly_andLinksTheShadows() throws Exception {
        start(new LoopbackAuth());
        shadowTraffic();

        String page = get("/monitoring/m").body();

        assertThat(textOf(page, "window")).startsWith("Version 1 (champion): last 24 h, 4 predictions");
        assertThat(textOf(page, "other-versions")).isEqualTo("Other versions in this window: v2 (5 predictions)");
        assertThat(page).contains("newest 4").doesNotContain("newest 9");
        assertThat(textOf(get("/monitoring/m?version=2").body(), "window")).startsWith("Version 2: last 24 h, 5 predictions");
        assertThat(textOf(get("/monitoring").body(), "monitored")).contains("m v1 4 0 none", "m v2 5 0 none");
    }

    @Test
    void monitoring_versionWithoutReference_saysHowToBuildOne_notTheReferenceOfAnother() throws Exception {
        start(new LoopbackAuth());
        shadowTraffic();
        List<ImageStats> stats = Collections.nCopies(30, ConsoleSeed.stats(0.5));
        new References(store.monitoring(), blobs).save(Reference.ofStats(
                "m", "2", "covers@v2-images", "defect", 0.5, stats, new double[30], new boolean[0], Instant.now()));

        String page = get("/monitoring/m").body();

        assertThat(textOf(page, "window")).endsWith("reference: none").doesNotContain("covers@v2-images");
        assertThat(textOf(page, "no-reference")).contains("loupe monitor reference --model m@1 --images DIR");
        assertThat(textOf(get("/monitoring/m?version=2").body(), "window")).endsWith("reference: from covers@v2-images (30 images)");
    }

    @Test
    void monitoring_unknownModelOrVersion_is404() throws Exception {
        start(new LoopbackAuth());

        assertThat(get("/monitoring/nope").statusCode()).isEqualTo(404);
        assertThat(get("/monitoring/m?version=7").statusCode()).isEqualTo(404);
        assertThat(get("/monitoring/m?version=2").statusCode()).isEqualTo(200);
    }

    @Test
    void chartJs_isServedFromTheClasspath() throws Exception {
        start(new LoopbackAuth());
        HttpResponse<String> js = get("/assets/chart.umd.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("Chart.js v" + Assets.chartJsVersion());
        assertThat(get("/assets/..%2Fconsole-assets.properties").statusCode()).isEqualTo(404);
    }
}

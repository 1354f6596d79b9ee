package dev.loupe.server.console;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.DriftAlarm;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.tracking.Artifact;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.RunInfo;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Quickstart-like data written through the real stores: a dataset imported from a generated manifest
 * (two annotators who disagree on some images, a few unlabelled), a model with two versions and
 * champion/challenger aliases, two tracked runs with metric steps and a stored evaluation, a reference,
 * 50 minutes of logged predictions (review items with images, a brightness drop half-way) and its drift alarm.
 */
final class ConsoleSeed {
    static final String MODEL = "defect-cnn";
    static final String DATASET = "covers";
    static final int PREDICTIONS = 300;

    final DatasetVersion dataset;
    final List<String> reviewRequests = new ArrayList<>();
    final String runV1;
    final String runV2;

    private ConsoleSeed(DatasetVersion dataset, String runV1, String runV2) {
        this.dataset = dataset;
        this.runV1 = runV1;
        this.runV2 = runV2;
    }

    static ConsoleSeed seed(MetadataStore store, BlobStore blobs, Path dir, Instant now) throws IOException {
        Random random = new Random(7);
        DatasetVersion dataset = importDataset(store, blobs, dir.resolve("images"), random);
        String run1 = run(store, "baseline", 0.01, now.minusSeconds(7200), 0.80, List.of());
        byte[] report = """
                {"model":"defect-cnn","dataset":"covers","split":"test","overall":{"recall":0.93},
                 "slices":[{"column":"lighting","value":"dim","loss":0.12,"loss_metric":"recall drop",
                            "metrics":{"count":40,"recall":0.81,"precision":0.9,"false_reject_rate":0.02}}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Artifact> artifacts = List.of(new Artifact("eval/report.json", blobs.put(report), report.length),
                new Artifact("eval/worst/lighting=dim/0.41_a.png", blobs.put(png(20, random)), 100));
        String run2 = run(store, "cnn", 0.001, now.minusSeconds(3600), 0.95, artifacts);
        store.registry().register("seed", MODEL, "blob:sha256:" + "a".repeat(64), run1, "baseline", Map.of());
        store.registry().register("seed", MODEL, "blob:sha256:" + "b".repeat(64), run2, "cnn", Map.of());
        store.registry().setAlias("seed", MODEL, "champion", 1, "first model");
        store.registry().setAlias("seed", MODEL, "challenger", 2, "shadow first");
        ConsoleSeed seed = new ConsoleSeed(dataset, run1, run2);
        seed.predictions(store, blobs, now, random);
        return seed;
    }

    private static DatasetVersion importDataset(MetadataStore store, BlobStore blobs, Path dir, Random random) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("file,annotator_ann,annotator_bob,lighting\n");
        for (int i = 0; i < 24; i++) {
            boolean defect = i % 3 == 0;
            String file = "img" + i + ".png";
            Files.write(dir.resolve(file), png(defect ? 60 : 160 + i, random));
            String a = i >= 20 ? "" : defect ? "defect" : "ok";
            String b = i >= 20 ? "" : i % 7 == 1 ? (defect ? "ok" : "defect") : a;
            csv.append(file).append(',').append(a).append(',').append(b).append(',').append(i % 2 == 0 ? "dim" : "bright").append('\n');
        }
        Files.writeString(dir.resolve("manifest.csv"), csv);
        return DatasetImporter.of(store.datasets(), blobs).importFrom(ImportRequest.of(dir, DATASET)).version();
    }

    private static String run(MetadataStore store, String name, double lr, Instant start, double auc, List<Artifact> artifacts) {
        var tracking = store.tracking();
        String experiment = tracking.experimentByName("defects").map(e -> e.id())
                .orElseGet(() -> tracking.createExperiment("defects", null, Map.of()).id());
        RunInfo info = tracking.createRun(experiment, name, "seed", start, Map.of());
        List<Metric> metrics = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            metrics.add(new Metric("loss", 1.0 / (step + 1) + lr, start.plusSeconds(step), step));
        }
        metrics.add(new Metric("auc", auc, start.plusSeconds(10), 0));
        tracking.logBatch(info.runId(), metrics, List.of(new Param("lr", String.valueOf(lr))), Map.of());
        artifacts.forEach(a -> tracking.logArtifact(info.runId(), a));
        tracking.updateRun(info.runId(), RunStatus.FINISHED, start.plusSeconds(60), null);
        return info.runId();
    }

    /** 50 minutes of predictions, one every 10 s; brightness drops at half-time; every 8th goes to review with its image. */
    private void predictions(MetadataStore store, BlobStore blobs, Instant now, Random random) throws IOException {
        List<LoggedPrediction> batch = new ArrayList<>();
        List<ImageStats> refStats = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            refStats.add(stats(0.6 + random.nextGaussian() * 0.02));
        }
        double[] refScores = random.doubles(200).map(x -> x * 0.6).toArray();
        new References(store.monitoring(), blobs).save(Reference.ofStats(MODEL, "1", DATASET + "@" + dataset.id(), "defect", 0.5,
                refStats, refScores, new boolean[0], now.minusSeconds(7200)));
        Instant start = now.minusSeconds(2990);
        Instant change = now.minusSeconds(1500);
        String startRequest = null;
        for (int i = 0; i < PREDICTIONS; i++) {
            Instant t = start.plusSeconds(10L * i);
            boolean after = !t.isBefore(change);
            double score = after ? 0.3 + random.nextDouble() * 0.5 : random.nextDouble() * 0.6;
            Decision d = i % 8 == 0 ? Decision.REVIEW : score >= 0.5 ? Decision.REJECT : Decision.PASS;
            String id = "req-" + i;
            Optional<BlobId> image = d == Decision.REVIEW || i % 5 == 0 ? Optional.of(blobs.put(png(after ? 50 : 150, random)))
                    : Optional.empty();
            batch.add(new LoggedPrediction(t, MODEL, "1", "line-1", id, stats(after ? 0.4 : 0.6), score,
                    score >= 0.5 ? "defect" : "ok", d, 2_000_000, image));
            if (d == Decision.REVIEW) {
                reviewRequests.add(id);
            }
            if (after && startRequest == null) {
                startRequest = id;
            }
        }
        store.predictions().append(batch);
        store.monitoring().addAlarm(new DriftAlarm(MODEL, "1", "brightness", "down", 31.5, 12.0, -10.0, change, startRequest,
                change.plusSeconds(120), "req-162", 12));
        store.monitoring().saveAlertState(new AlertState("drift-brightness", AlertState.Status.FIRING, change.plusSeconds(120),
                1, "drift(brightness) fired"));
    }

    static ImageStats stats(double brightness) {
        return new ImageStats(brightness, 0.1, 0.02, brightness, brightness, brightness, 0.05);
    }

    static byte[] png(int grey, Random random) throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = Math.max(0, Math.min(255, grey + random.nextInt(30) - 15));
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}

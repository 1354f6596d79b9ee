package dev.loupe.pipeline;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.data.imports.DatasetImporter;
import dev.loupe.data.imports.ImportRequest;
import dev.loupe.pipeline.rollout.LiveImage;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import dev.loupe.train.Progress;
import dev.loupe.train.TrainingData;
import dev.loupe.train.baseline.BaselineTrainer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A small production line for pipeline tests, drawn with java.awt: 32x32 grey covers with sensor noise;
 * a defect is a dark scratch whose contrast scales with the lamp. The champion is the baseline trained
 * under a bright lamp; production then runs under a dimmed lamp (the new condition), where images are
 * logged with their pixels and reviewed.
 */
public final class TestLine {
    public static final String MODEL = "covers";
    public static final double BRIGHT = 170;
    public static final double DIM = 75;

    private TestLine() {
    }

    public static String projectYaml(String retrainingAndGate) {
        return ProjectFile.template()
                .replace("name: phone-covers", "name: covers")
                .replace("width: 128", "width: 32").replace("height: 128", "height: 32")
                .replace("colour: rgb                        # rgb | grayscale", "colour: grayscale")
                .replace("recall: 0.98", "recall: 0.8")
                .replace("false_reject_rate: 0.02", "false_reject_rate: 0.2")
                .replace("p99_latency_ms: 50", "p99_latency_ms: 1000")
                + "\n" + retrainingAndGate;
    }

    /** Fast roll-out settings for tests. */
    public static final String FAST = """
            retraining:
              params: {target_recall: 1.0}
              data:
                split: [0.5, 0.1, 0.4]
              rollout:
                shadow_requests: 40
                canary_share: 0.5
                canary_requests: 40
                canary_duration: 0s
                max_live_regression: 0.05
                timeout: 10m
            """;

    public static Project project(String sections) {
        return ProjectFile.parse(projectYaml(sections), "loupe.yaml");
    }

    public static byte[] png(boolean defect, double lamp, Random rnd) {
        int size = 32;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        double base = lamp * (0.9 + 0.2 * rnd.nextDouble());
        int x0 = 4 + rnd.nextInt(16);
        int y0 = 4 + rnd.nextInt(16);
        boolean horizontal = rnd.nextBoolean();
        int len = 8 + rnd.nextInt(8);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = base + rnd.nextGaussian() * 4;
                if (defect) {
                    int along = horizontal ? x - x0 : y - y0;
                    int across = horizontal ? y - y0 : x - x0;
                    if (along >= 0 && along < len && Math.abs(across) <= 0) {
                        v -= 0.35 * lamp;
                    }
                }
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The home: SQLite database and blob store under {@code dir}. */
    public record Home(Path dir) {
        public Path db() {
            return dir.resolve("loupe.db");
        }

        public Path blobs() {
            return dir.resolve("blobs");
        }

        public Path project() {
            return dir.resolve("loupe.yaml");
        }

        public MetadataStore openMetadata(Clock clock) {
            return new SqliteMetadataStore(db(), clock);
        }

        public BlobStore openBlobs() throws IOException {
            return new FileBlobStore(blobs());
        }
    }

    /**
     * Imports the bright dataset, trains and registers the champion (version 1), and logs reviewed
     * production images under the dim lamp.
     */
    public static ModelVersion prepare(Home home, String sections, int perLabel, int production) throws IOException {
        Files.createDirectories(home.dir());
        Files.writeString(home.project(), projectYaml(sections));
        Project project = ProjectFile.load(home.project());
        Clock clock = Clock.systemUTC();
        try (MetadataStore metadata = home.openMetadata(clock); BlobStore blobs = home.openBlobs()) {
            Path folder = home.dir().resolve("bright");
            Random rnd = new Random(1);
            for (int i = 0; i < perLabel; i++) {
                write(folder.resolve("ok/" + i + ".png"), png(false, BRIGHT, rnd));
                write(folder.resolve("defect/" + i + ".png"), png(true, BRIGHT, rnd));
            }
            var version = new DatasetImporter(metadata.datasets(), blobs, clock, "test", 2)
                    .importFrom(ImportRequest.of(folder, "covers")).version();
            TrainingData data = new TrainingData(version.toString(), metadata.datasets().samples(version), blobs,
                    project.labelNames(), project.positive(), 32, 32, ModelDescriptor.Colour.GRAYSCALE);
            ModelPackage pkg = new BaselineTrainer(clock).train(data, Map.of("target_recall", "0.95"), 7, Progress.NONE)
                    .model();
            pkg = pkg.withDescriptor(pkg.descriptor().withName(MODEL));
            BlobId id = pkg.store(blobs);
            ModelVersion v = metadata.registry().register("ana", MODEL, "blob:sha256:" + id.sha256(), null, "bright lamp",
                    Map.of());
            metadata.registry().setAlias("ana", MODEL, "champion", v.version(), "first model");
            logProduction(metadata, blobs, production, new Random(2));
            return v;
        } catch (dev.loupe.train.TrainingException | dev.loupe.core.image.ImageDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void logProduction(MetadataStore metadata, BlobStore blobs, int n, Random rnd)
            throws IOException, dev.loupe.core.image.ImageDecodeException {
        Instant t = Instant.parse("2025-03-01T08:00:00Z");
        List<LoggedPrediction> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean defect = i % 3 == 0;
            byte[] png = png(defect, DIM, rnd);
            BlobId blob = blobs.put(png);
            String id = "req-" + i;
            batch.add(new LoggedPrediction(t.plusSeconds(i), MODEL, "1", "station-1", id,
                    ImageStats.of(dev.loupe.core.image.Images.decode(png)), 0.1, "ok", Decision.PASS, 1_000_000,
                    Optional.of(blob)));
            metadata.feedback().add(new Feedback(id, defect ? "defect" : "ok", "review", t.plusSeconds(i + 1)));
        }
        metadata.predictions().append(batch);
    }

    /** Reviewed live images under the dim lamp, for the in-process roll-out. */
    public static List<LiveImage> live(int n, long seed) {
        Random rnd = new Random(seed);
        List<LiveImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean defect = i % 3 == 0;
            out.add(new LiveImage("live-" + i, png(defect, DIM, rnd), Optional.of(defect ? "defect" : "ok")));
        }
        return out;
    }

    private static void write(Path f, byte[] bytes) throws IOException {
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }
}

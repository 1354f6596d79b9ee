package dev.loupe.monitor.bench;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.dataset.Split;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.Sha256;
import dev.loupe.monitor.log.Retention;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the prediction log's {@link Retention} costs: generates days of a line's log into a store and a blob
 * store, then times one {@code apply} that deletes all but the last {@code keepDays}, and checks what it left.
 * Run with {@code loupe bench retention} (SQLite and a file blob store in a temporary home).
 *
 * <p>The log is kept as the recorder keeps it: every {@code REJECT} and {@code REVIEW} image and
 * {@value #PASS_KEPT_PERCENT}% of {@code PASS} ones, the images kept in one second written as one pack
 * ({@link LoggedImages#keep}); a share of the reviewed images is copied into a dataset version, as the
 * pipeline's assemble step does, so the reference check finds records that still need some of them. Image
 * bytes are random (a few KB, not decodable): retention never decodes them.
 */
public final class RetentionBench {

    static final int REJECT_PERCENT = 2;
    static final int REVIEW_PERCENT = 3;
    static final int PASS_KEPT_PERCENT = 1;
    /** Reviewed images the pipeline took into a dataset version. */
    static final int COPIED_PERCENT_OF_REVIEW = 20;

    /**
     * @param days       days of log generated, ending at the clock's instant
     * @param rate       predictions per second of the line
     * @param keepDays   what retention keeps (less than {@code days})
     * @param imageBytes mean size of a kept image
     * @param seed       decisions and bytes
     */
    public record Config(int days, double rate, int keepDays, int imageBytes, long seed) {
        public Config {
            if (days < 1 || keepDays < 1 || keepDays >= days) {
                throw new IllegalArgumentException("need 1 <= keep days < days (got keep " + keepDays + ", days " + days + ")");
            }
            if (!(rate > 0) || imageBytes < 16) {
                throw new IllegalArgumentException("need rate > 0 and image bytes >= 16 (got " + rate + ", " + imageBytes + ")");
            }
        }
    }

    /** A pack written while generating: what retention should do with it follows from these. */
    private record Pack(BlobId id, long bytes, Instant last, List<BlobId> images) {
    }

    /** What was generated, what retention is expected to delete, and the copies it must leave. */
    private record Log(long predictions, long images, List<Pack> packs, Set<BlobId> copies, DatasetVersion dataset) {
    }

    private final Config config;
    private final PrintWriter out;
    private final Instant end;

    /** @param end the log's end and retention's clock (a whole second) */
    public RetentionBench(Config config, PrintWriter out, Instant end) {
        this.config = config;
        this.out = out;
        this.end = end;
    }

    /**
     * Generates the log, applies retention, prints the figures and checks the result.
     *
     * @throws IllegalStateException when retention deleted too much or too little
     */
    public Retention.Result run(MetadataStore store, BlobStore blobs, String where) throws IOException {
        out.printf("retention benchmark: %d days of a line at %.2f predictions/s into %s, blobs in %s; keeping the last %d day%s%n",
                config.days, config.rate, where, blobs.location(), config.keepDays, config.keepDays == 1 ? "" : "s");
        long t0 = System.nanoTime();
        Log log = generate(store, blobs);
        out.printf("generated %,d predictions (%d%% REJECT, %d%% REVIEW, %d%% of PASS images kept): %,d images in %,d packs,"
                        + " %,d copied into dataset version %s, in %.1f s%n", log.predictions, REJECT_PERCENT, REVIEW_PERCENT,
                PASS_KEPT_PERCENT, log.images, log.packs.size(), log.copies.size(), log.dataset, (System.nanoTime() - t0) / 1e9);

        Retention retention = new Retention(Duration.ofDays(config.keepDays), Clock.fixed(end, ZoneOffset.UTC));
        System.gc(); // so the peak below is retention's, not the generator's garbage
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        Retention.Result r = retention.apply(store, blobs);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        out.printf("retention: deleted %,d predictions; freed %,d packs, %,d images stored on their own, %.1f MiB;"
                        + " swept %,d packs no prediction refers to any more, %.1f MiB%n", r.deleted(), r.images().packs(),
                r.images().ownBlobs(), r.images().bytes() / (1024.0 * 1024.0), r.swept().packs(), r.swept().bytes() / (1024.0 * 1024.0));
        out.printf("retention: %.2f s wall, %,.0f rows/s, %,.0f packs/s, peak heap used %.0f MiB (max %.0f MiB)%n", seconds,
                r.deleted() / seconds, r.images().packs() / seconds, peak / (1024.0 * 1024.0),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        check(store, blobs, log, r);
        return r;
    }

    private Log generate(MetadataStore store, BlobStore blobs) throws IOException {
        LoggedImages images = new LoggedImages(blobs, store.packedImages());
        SplittableRandom random = new SplittableRandom(config.seed);
        Instant start = end.minus(Duration.ofDays(config.days));
        long seconds = Duration.ofDays(config.days).toSeconds();
        long predictions = 0;
        long imageCount = 0;
        List<Pack> packs = new ArrayList<>();
        List<LoggedPrediction> batch = new ArrayList<>();
        List<BlobId> reviewed = new ArrayList<>();
        for (long s = 0; s < seconds; s++) {
            Instant second = start.plusSeconds(s);
            long due = (long) Math.floor((s + 1) * config.rate + 1e-9) - predictions; // the line's count so far, less those made
            List<LoggedPrediction> inSecond = new ArrayList<>();
            List<byte[]> kept = new ArrayList<>();
            List<Integer> keptBy = new ArrayList<>(); // the prediction, in this second, of each kept image
            for (; due > 0; due--) {
                int roll = random.nextInt(100);
                Decision decision = roll < REJECT_PERCENT ? Decision.REJECT
                        : roll < REJECT_PERCENT + REVIEW_PERCENT ? Decision.REVIEW : Decision.PASS;
                Instant at = second.plusMillis(inSecond.size() * 1000L / (long) Math.ceil(config.rate));
                if (decision != Decision.PASS || random.nextInt(100) < PASS_KEPT_PERCENT) {
                    kept.add(image(imageCount + kept.size(), random));
                    keptBy.add(inSecond.size());
                }
                inSecond.add(prediction(at, decision, random));
            }
            if (!kept.isEmpty()) {
                List<BlobId> ids = images.keep(kept);
                for (int k = 0; k < ids.size(); k++) {
                    LoggedPrediction p = inSecond.get(keptBy.get(k));
                    inSecond.set(keptBy.get(k), p.withImage(ids.get(k)));
                    if (p.decision() == Decision.REVIEW && random.nextInt(100) < COPIED_PERCENT_OF_REVIEW) {
                        reviewed.add(ids.get(k));
                    }
                }
                byte[] packed = concat(kept); // what keep() stored: the images are all different
                packs.add(new Pack(Sha256.of(packed), packed.length, second, ids));
                imageCount += kept.size();
            }
            batch.addAll(inSecond);
            predictions += inSecond.size();
            if (batch.size() >= 1000 || s == seconds - 1) {
                store.predictions().append(batch);
                batch.clear();
            }
        }
        Set<BlobId> copies = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        for (BlobId image : reviewed) { // as the assemble step: a blob of its own per sample, the same id
            BlobId copy = blobs.put(images.read(image));
            copies.add(copy);
            samples.add(new Sample("production/" + copy.sha256().substring(0, 16), copy, Optional.of("defect"), Map.of(),
                    Split.TRAIN, Map.of("origin", "production"), new Sample.ImageInfo.Unreadable("random bytes, not an image")));
        }
        DatasetVersion dataset = new DatasetVersion("retention-bench", Long.toHexString(config.seed) + "-" + samples.size(),
                Optional.empty(), "bench", "bench", end, samples.size(), Map.of("defect", samples.size()),
                Map.of(Split.TRAIN, samples.size()));
        store.datasets().save(dataset, samples);
        return new Log(predictions, imageCount, packs, copies, dataset);
    }

    private static LoggedPrediction prediction(Instant at, Decision decision, SplittableRandom random) {
        double score = decision == Decision.PASS ? random.nextDouble(0.3) : decision == Decision.REVIEW
                ? 0.3 + random.nextDouble(0.4) : 0.7 + random.nextDouble(0.3);
        return new LoggedPrediction(at, "bench", "1", "line-1", RequestIds.next(at.toEpochMilli()),
                new ImageStats(0.5, 0.1, 0.02, 0.5, 0.5, 0.5, 0.1), score,
                decision == Decision.PASS ? "good" : "defect", decision, 1_500_000, Optional.empty());
    }

    /** Random bytes, half to one and a half times the configured size; the index makes each unique. */
    private byte[] image(long index, SplittableRandom random) {
        byte[] b = new byte[config.imageBytes / 2 + random.nextInt(config.imageBytes + 1)];
        random.nextBytes(b);
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (index >>> (8 * i));
        }
        return b;
    }

    private static byte[] concat(List<byte[]> parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /**
     * The predictions before the cutoff are gone and the others are there with readable images; a pack whose
     * images were all deleted predictions' is gone, blob and index, unless it is a dataset copy itself (a
     * one-image pack has its image's id); every other pack and every dataset copy is still there.
     */
    private void check(MetadataStore store, BlobStore blobs, Log log, Retention.Result r) throws IOException {
        List<String> wrong = new ArrayList<>();
        LoggedImages images = new LoggedImages(blobs, store.packedImages());
        Instant cutoff = r.cutoff();
        List<LoggedPrediction> left = store.predictions().query(new PredictionQuery("bench", Optional.empty(), Instant.EPOCH,
                end.plusSeconds(1), Integer.MAX_VALUE));
        long expectedLeft = log.predictions - r.deleted();
        if (left.size() != expectedLeft || left.stream().anyMatch(p -> p.time().isBefore(cutoff))) {
            wrong.add(left.size() + " predictions left, expected " + expectedLeft + " all from " + cutoff + " on");
        }
        int readable = 0;
        for (LoggedPrediction p : left) {
            if (p.image().isPresent()) {
                try {
                    images.read(p.image().get());
                    readable++;
                } catch (IOException e) {
                    wrong.add("image of remaining prediction " + p.requestId() + ": " + e);
                }
            }
        }
        int freed = 0;
        long freedBytes = 0;
        for (Pack pack : log.packs) {
            boolean goes = pack.last.isBefore(cutoff) && !log.copies.contains(pack.id);
            boolean gone = !blobs.exists(pack.id) && store.packedImages().find(pack.images.getFirst()).isEmpty();
            if (goes != gone) {
                wrong.add("pack " + pack.id + " of " + pack.last + " (" + pack.images.size() + " images, "
                        + pack.images.stream().filter(log.copies::contains).count() + " copied)" + (goes ? " still there" : " gone"));
            }
            if (goes) {
                freed++;
                freedBytes += pack.bytes;
            }
        }
        if (r.images().packs() != freed || r.images().bytes() != freedBytes || r.images().ownBlobs() != 0) {
            wrong.add("retention says " + r.images() + ", expected " + freed + " packs, " + freedBytes + " bytes, no own blobs");
        }
        List<Sample> samples = store.datasets().samples(log.dataset);
        for (Sample s : samples) {
            try {
                blobs.read(s.blob()); // verified against its id
            } catch (IOException e) {
                wrong.add("dataset copy " + s.path() + ": " + e);
            }
        }
        if (samples.size() != log.copies.size()) {
            wrong.add(samples.size() + " dataset samples, expected " + log.copies.size());
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("retention check failed: " + wrong.size() + " problems, first: "
                    + String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
        }
        out.printf("check: ok: %,d predictions left, %,d of their images read back, %,d dataset copies intact, %,d freed packs gone"
                + " (blob and index), %,d other packs still there%n", left.size(), readable, samples.size(), freed, log.packs.size() - freed);
    }
}

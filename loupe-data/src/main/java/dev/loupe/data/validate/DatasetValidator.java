package dev.loupe.data.validate;

import dev.loupe.core.dataset.DatasetVersion;
import dev.loupe.core.dataset.Sample;
import dev.loupe.core.image.ImageDecodeException;
import dev.loupe.core.image.Images;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Validates a dataset version: unreadable files, exact and near duplicates and split leakage, mixed sizes,
 * channels and formats, label problems, train/test skew of per-image statistics, and their distributions.
 * See {@code docs/data-validation.md} for every finding type and threshold.
 *
 * <p>Near-duplicate search decodes each distinct readable blob once more, on a thread pool; everything
 * else works from the statistics stored at import. Thread-safe; the blob store is not owned.
 */
public final class DatasetValidator {
    private final BlobStore blobs;
    private final int threads;

    public DatasetValidator(BlobStore blobs, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.blobs = blobs;
        this.threads = threads;
    }

    public static DatasetValidator of(BlobStore blobs) {
        return new DatasetValidator(blobs, Runtime.getRuntime().availableProcessors());
    }

    /** Validates the version, whose samples the caller loaded, without a project's label book. */
    public ValidationReport validate(DatasetVersion version, List<Sample> samples) throws IOException {
        return validate(version, samples, List.of());
    }

    /**
     * Validates the version, whose samples the caller loaded, and checks its labels against {@code labelBook}
     * (the project's labels; empty: not checked).
     */
    public ValidationReport validate(DatasetVersion version, List<Sample> samples, List<String> labelBook)
            throws IOException {
        Map<BlobId, Fingerprint> prints = fingerprints(samples);
        List<Check> checks = new ArrayList<>(List.of(new UnreadableCheck(), new DuplicateCheck(prints),
                new ConsistencyCheck(), new LabelCheck(), new SkewCheck()));
        if (!labelBook.isEmpty()) {
            checks.add(new LabelBookCheck(labelBook));
        }
        List<Finding> findings = new ArrayList<>();
        for (Check c : checks) {
            findings.addAll(c.run(samples));
        }
        findings.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::type)
                .thenComparing(f -> f.files().isEmpty() ? "" : f.files().getFirst()));
        Map<String, Integer> splits = new LinkedHashMap<>();
        samples.stream().map(s -> s.split()).sorted().forEach(s -> splits.merge(s.lower(), 1, Integer::sum));
        Map<String, Integer> labels = new TreeMap<>();
        samples.forEach(s -> labels.merge(s.label().orElse(""), 1, Integer::sum));
        int readable = (int) samples.stream().filter(Sample::readable).count();
        return new ValidationReport(version.name() + "@" + version.id(), Verdict.of(findings), samples.size(), readable,
                splits, labels, findings, StatisticsSummary.of(samples));
    }

    private Map<BlobId, Fingerprint> fingerprints(List<Sample> samples) throws IOException {
        List<BlobId> distinct = new ArrayList<>(new TreeSet<>(samples.stream().filter(Sample::readable)
                .map(Sample::blob).toList()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loupe-validate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Fingerprint>> futures = new ArrayList<>();
            for (BlobId b : distinct) {
                futures.add(pool.submit(() -> Fingerprint.of(Images.decode(blobs.read(b)))));
            }
            Map<BlobId, Fingerprint> out = new LinkedHashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                try {
                    out.put(distinct.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof ImageDecodeException) {
                        continue; // decoded at import; a decoder that changed its mind is no near-duplicate
                    }
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("fingerprinting " + distinct.get(i) + " failed", e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("validation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.loupe.server.console;

import dev.loupe.core.image.ImageStats;
import dev.loupe.core.monitoring.StoredReference;
import dev.loupe.core.store.BlobId;
import dev.loupe.core.store.BlobStore;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.ReferenceJson;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the monitoring page draws of a model version's reference: per monitored statistic (each image
 * statistic and the score) its mean and central 90% band, and the reference's score histogram. Read from
 * the reference document once per blob (a blob never changes). Thread-safe.
 */
final class ReferenceBands {
    static final int SCORE_BINS = 20;

    /** One statistic's reference: mean and the 5th and 95th percentiles of the per-image values. */
    record Band(double mean, double p05, double p95) {
    }

    /** A reference as the page needs it. */
    record Summary(String version, String dataset, int size, Map<String, Band> bands, double[] scoreShares) {
    }

    private final BlobStore blobs;
    private final Map<BlobId, Summary> cache = new ConcurrentHashMap<>();

    ReferenceBands(BlobStore blobs) {
        this.blobs = blobs;
    }

    Summary of(StoredReference stored) {
        return cache.computeIfAbsent(stored.blob(), b -> {
            try {
                return summarise(ReferenceJson.read(blobs.read(b)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static Summary summarise(Reference r) {
        Map<String, Band> bands = new LinkedHashMap<>();
        for (String name : ImageStats.NAMES) {
            double[] v = r.statistics().get(name);
            if (v != null && v.length > 0) {
                bands.put(name, band(v));
            }
        }
        if (r.scores().length > 0) {
            bands.put("score", band(r.scores()));
        }
        return new Summary(r.version(), r.dataset(), r.size(), bands, shares(r.scores()));
    }

    static Band band(double[] values) {
        double[] s = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray(); // NaN: unknown, not a value
        if (s.length == 0) {
            return new Band(Double.NaN, Double.NaN, Double.NaN);
        }
        return new Band(Arrays.stream(s).average().orElse(Double.NaN), s[(int) Math.floor(0.05 * (s.length - 1))],
                s[(int) Math.ceil(0.95 * (s.length - 1))]);
    }

    /** The share of scores in each of {@value #SCORE_BINS} equal bins of [0, 1], among the scores that are numbers. */
    static double[] shares(double[] scores) {
        double[] bins = new double[SCORE_BINS];
        int known = 0;
        for (double s : scores) {
            if (!Double.isNaN(s)) {
                bins[Math.min(SCORE_BINS - 1, Math.max(0, (int) (s * SCORE_BINS)))]++;
                known++;
            }
        }
        for (int i = 0; i < bins.length && known > 0; i++) {
            bins[i] /= known;
        }
        return bins;
    }
}

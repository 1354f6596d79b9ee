package dev.loupe.monitor.reference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.monitor.embedding.EmbeddingReference;
import dev.loupe.monitor.embedding.Projection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON document a {@link Reference} is stored as in the blob store. Format (version 1):
 * {@code {"format":1,"model","version","dataset","positive","threshold","createdAt":ISO-8601,
 * "statistics":{"brightness":[...],...},"scores":[...],"positives":[true,...]}}. Format 2 adds
 * {@code "embedding":{"mean":[D],"scale":[D],"axes":[[D],...],"sd":[k],"radiusMean","radiusSd",
 * "residualMean","residualSd","points":[[k+2],...],"fitted"}} (the {@link EmbeddingReference}); a reference without embeddings is
 * still written as format 1, so builds that predate embeddings keep reading it.
 */
public final class ReferenceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceJson() {
    }

    /** The shape on disk; kept apart from the domain record so the format changes only on purpose. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Document(int format, String model, String version, String dataset, String positive, double threshold,
                    String createdAt, Map<String, double[]> statistics, double[] scores, boolean[] positives,
                    Embedding embedding) {
    }

    record Embedding(double[] mean, double[] scale, double[][] axes, double[] sd, double radiusMean, double radiusSd,
                     double residualMean, double residualSd, double[][] points, int fitted) {
        static Embedding of(EmbeddingReference e) {
            Projection p = e.projection();
            return new Embedding(p.mean(), p.scale(), p.axes(), p.sd(), p.radiusMean(), p.radiusSd(), p.residualMean(),
                    p.residualSd(), e.points(), e.fitted());
        }

        EmbeddingReference toReference() {
            return new EmbeddingReference(new Projection(mean, scale, axes, sd, radiusMean, radiusSd, residualMean,
                    residualSd), points, fitted);
        }
    }

    public static byte[] write(Reference r) {
        try {
            Embedding e = r.embedding().map(Embedding::of).orElse(null);
            return JSON.writeValueAsBytes(new Document(e == null ? 1 : 2, r.model(), r.version(), r.dataset(),
                    r.positive(), r.threshold(), r.createdAt().toString(), r.statistics(), r.scores(), r.positives(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reference read(byte[] json) {
        try {
            Document d = JSON.readValue(json, Document.class);
            if (d.format() != 1 && d.format() != 2) {
                throw new IllegalArgumentException("unknown reference format " + d.format() + " (this build reads 1 and 2)");
            }
            return new Reference(d.model(), d.version(), d.dataset(), d.positive(), d.threshold(),
                    new LinkedHashMap<>(d.statistics()), d.scores() == null ? new double[0] : d.scores(),
                    d.positives() == null ? new boolean[0] : d.positives(), Instant.parse(d.createdAt()),
                    Optional.ofNullable(d.embedding()).map(Embedding::toReference));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reference document: " + e.getMessage(), e);
        }
    }
}

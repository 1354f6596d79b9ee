package dev.loupe.monitor.reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON document a {@link Reference} is stored as in the blob store. Format (version 1):
 * {@code {"format":1,"model","version","dataset","positive","threshold","createdAt":ISO-8601,
 * "statistics":{"brightness":[...],...},"scores":[...],"positives":[true,...]}}.
 */
public final class ReferenceJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceJson() {
    }

    /** The shape on disk; kept apart from the domain record so the format changes only on purpose. */
    record Document(int format, String model, String version, String dataset, String positive, double threshold,
                    String createdAt, Map<String, double[]> statistics, double[] scores, boolean[] positives) {
    }

    public static byte[] write(Reference r) {
        try {
            return JSON.writeValueAsBytes(new Document(1, r.model(), r.version(), r.dataset(), r.positive(), r.threshold(),
                    r.createdAt().toString(), r.statistics(), r.scores(), r.positives()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reference read(byte[] json) {
        try {
            Document d = JSON.readValue(json, Document.class);
            if (d.format() != 1) {
                throw new IllegalArgumentException("unknown reference format " + d.format() + " (this build reads 1)");
            }
            return new Reference(d.model(), d.version(), d.dataset(), d.positive(), d.threshold(),
                    new LinkedHashMap<>(d.statistics()), d.scores() == null ? new double[0] : d.scores(),
                    d.positives() == null ? new boolean[0] : d.positives(), Instant.parse(d.createdAt()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reference document: " + e.getMessage(), e);
        }
    }
}

package dev.loupe.server.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.image.ImageStats;
import dev.loupe.core.decision.Decision;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionLog;
import dev.loupe.core.store.BlobId;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stores edge agents' records ({@code POST /v1/edge/records}) in the prediction log, each record id
 * once: a record whose id is already logged (an agent re-sending a batch whose answer it lost) is a
 * duplicate and is not stored again. Batches are stored one at a time (a lock), so two agents or two
 * retries racing cannot both store the same id. Records no model answered ({@code "score": null}) are
 * acknowledged and counted as skipped, not logged as predictions. The images a batch keeps are written as
 * one pack ({@link LoggedImages#keep}), as the server's own prediction recorder writes them: one blob per
 * batch instead of one per image, and retention reclaims them the same way.
 */
public final class EdgeRecords {

    /** What a batch did. */
    public record Result(int stored, int duplicates, int skipped) {
    }

    private final PredictionLog log;
    private final LoggedImages images;
    private final Object lock = new Object();

    public EdgeRecords(PredictionLog log, LoggedImages images) {
        this.log = log;
        this.images = images;
    }

    /**
     * @param records the {@code records} array of the request
     * @throws IllegalArgumentException naming the first malformed record (nothing is stored then)
     */
    public Result store(JsonNode records) throws IOException {
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("the body needs a \"records\" array");
        }
        List<LoggedPrediction> parsed = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        int skipped = 0;
        for (JsonNode n : records) {
            if (n.path("score").isNull() || n.path("score").isMissingNode()) {
                requireId(n);
                skipped++;
                continue;
            }
            parsed.add(prediction(n));
            bytes.add(n.hasNonNull("image") ? Base64.getDecoder().decode(n.get("image").asText()) : null);
        }
        synchronized (lock) {
            List<LoggedPrediction> fresh = new ArrayList<>();
            List<Integer> withImage = new ArrayList<>();
            List<byte[]> kept = new ArrayList<>();
            Set<String> inBatch = new HashSet<>();
            int duplicates = 0;
            for (int i = 0; i < parsed.size(); i++) {
                LoggedPrediction p = parsed.get(i);
                if (!inBatch.add(p.requestId()) || log.byRequestId(p.requestId()).isPresent()) {
                    duplicates++;
                    continue;
                }
                if (bytes.get(i) != null) {
                    withImage.add(fresh.size());
                    kept.add(bytes.get(i));
                }
                fresh.add(p);
            }
            List<BlobId> ids = images.keep(kept); // the pack and its index before the predictions that point into it
            for (int k = 0; k < ids.size(); k++) {
                fresh.set(withImage.get(k), fresh.get(withImage.get(k)).withImage(ids.get(k)));
            }
            log.append(fresh);
            return new Result(fresh.size(), duplicates, skipped);
        }
    }

    private static String requireId(JsonNode n) {
        String id = n.path("id").asText("");
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("a record needs an id of 1..200 characters: " + n.path("id"));
        }
        return id;
    }

    private static LoggedPrediction prediction(JsonNode n) {
        String id = requireId(n);
        try {
            JsonNode s = n.path("stats");
            double[] v = new double[ImageStats.NAMES.size()];
            for (int i = 0; i < v.length; i++) {
                // absent or null: unknown, which the monitors count as missing (a 0 would read as a drift downward)
                v[i] = s.path(ImageStats.NAMES.get(i)).asDouble(Double.NaN);
            }
            double score = n.path("score").asDouble();
            if (!(score >= 0 && score <= 1)) {
                throw new IllegalArgumentException("score " + score + " is not in [0, 1]");
            }
            return new LoggedPrediction(Instant.parse(n.path("time").asText()), n.path("model").asText(""),
                    n.path("version").asText(""), n.path("station").asText(""), id,
                    new ImageStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6]), score, n.path("label").asText(""),
                    Decision.valueOf(n.path("decision").asText().toUpperCase(Locale.ROOT)), n.path("latency_ns").asLong(),
                    Optional.empty());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("record " + id + " is malformed: " + e.getMessage(), e);
        }
    }
}

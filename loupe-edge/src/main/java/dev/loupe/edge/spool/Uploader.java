package dev.loupe.edge.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.record.EdgeRecordJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Drains the spool to the platform in order: batches of records (with their kept images) to
 * {@code POST {platform}/v1/edge/records}; the platform stores each record id once and answers with
 * the count, after which the batch is acknowledged in the spool. A failed batch is sent again, the
 * same, after a pause that grows from 200 ms to 5 s: records leave the spool only acknowledged.
 * Runs on its own thread; {@link #close()} stops it.
 */
public final class Uploader implements AutoCloseable {
    private final Spool spool;
    private final HttpClient http;
    private final URI uri;
    private final Optional<String> token;
    private final EdgeMetrics metrics;
    private final int batchRecords;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean connected;

    public Uploader(Spool spool, HttpClient http, String platform, Optional<String> token, EdgeMetrics metrics, int batchRecords) {
        this.spool = spool;
        this.http = http;
        this.uri = URI.create((platform.endsWith("/") ? platform.substring(0, platform.length() - 1) : platform) + "/v1/edge/records");
        this.token = token;
        this.metrics = metrics;
        this.batchRecords = batchRecords;
        this.thread = Thread.ofPlatform().daemon().name("spool-upload").start(this::run);
    }

    private void run() {
        long pauseMs = 200;
        while (!closing) {
            try {
                long after = spool.acked();
                List<Spool.Entry> batch = spool.read(after, batchRecords, 8L << 20);
                if (batch.isEmpty()) {
                    spool.await(after, Duration.ofMillis(500));
                    continue;
                }
                if (send(batch)) {
                    connected = true;
                    spool.ack(batch.getLast().record().sequence());
                    metrics.uploaded(batch.size());
                    pauseMs = 200;
                } else {
                    connected = false;
                    metrics.uploadFailed();
                    Thread.sleep(pauseMs);
                    pauseMs = Math.min(pauseMs * 2, 5_000);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                connected = false;
                metrics.uploadFailed();
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private boolean send(List<Spool.Entry> batch) throws InterruptedException {
        ObjectNode body = EdgeRecordJson.JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        Base64.Encoder b64 = Base64.getEncoder();
        for (Spool.Entry e : batch) {
            ObjectNode n = EdgeRecordJson.toJson(e.record());
            if (e.image().length > 0) {
                n.put("image", b64.encodeToString(e.image()));
            }
            records.add(n);
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EdgeRecordJson.JSON.writeValueAsBytes(body)));
            token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                return false;
            }
            JsonNode ans = EdgeRecordJson.JSON.readTree(r.body());
            return ans.path("stored").asLong(-1) + ans.path("duplicates").asLong(-1) + ans.path("skipped").asLong(0) == batch.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the last upload reached the platform. */
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

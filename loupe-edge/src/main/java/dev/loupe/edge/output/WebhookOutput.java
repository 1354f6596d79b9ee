package dev.loupe.edge.output;

import dev.loupe.edge.decide.EdgeEvent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs events to a URL as a JSON array of up to 100 events per request, on its own thread. A failed
 * request is retried (with a growing pause) until it succeeds; events arriving meanwhile queue up to
 * 10,000, past which the oldest are dropped and counted.
 */
public final class WebhookOutput implements LineOutput {
    private final URI uri;
    private final HttpClient http;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(10_000);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile boolean closing;

    public WebhookOutput(URI uri, HttpClient http) {
        this.uri = uri;
        this.http = http;
        this.sender = Thread.ofPlatform().daemon().name("webhook").start(this::run);
    }

    @Override
    public void publish(EdgeEvent event) {
        byte[] b = EventJson.bytes(event);
        while (!queue.offer(b)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>();
        long pauseMs = 100;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    byte[] first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, 99);
                }
                if (send(batch)) {
                    batch.clear();
                    pauseMs = 100;
                } else {
                    if (closing) {
                        dropped.addAndGet(batch.size() + queue.size());
                        return;
                    }
                    Thread.sleep(pauseMs);
                    pauseMs = Math.min(pauseMs * 2, 5_000);
                }
            } catch (InterruptedException e) {
                dropped.addAndGet(batch.size() + queue.size());
                return;
            }
        }
    }

    private boolean send(List<byte[]> batch) throws InterruptedException {
        StringBuilder sb = new StringBuilder(batch.size() * 400).append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(new String(batch.get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        sb.append(']');
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public String describe() {
        return "webhook " + uri;
    }

    @Override
    public void close() {
        closing = true;
        try {
            sender.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }
}

package dev.loupe.monitor.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.monitoring.AlertState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers alerts to a webhook: an HTTP POST of a JSON object
 * {@code {"rule","model","version","expression","status","since","value","message"}} ({@code model} and
 * {@code version}, strings, only when the rule is about one model version, {@link AlertRule#about}; {@code value}
 * null when the metric had none). A 2xx answer is delivery; anything else (or no answer within {@code timeout}) is retried
 * with exponential backoff ({@code backoff}, 2×, 4×... up to {@code attempts} in all), then dropped and
 * counted.
 *
 * <p>{@link #deliver} never blocks: requests are asynchronous, retries are scheduled on one timer
 * thread, and at most {@code maxInFlight} alerts are pending delivery; beyond that new ones are dropped
 * and counted, so a dead webhook costs bounded memory and nothing else. Thread-safe. The owner closes
 * it; close abandons pending retries.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final ScheduledExecutorService timer;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public WebhookAlertSink(URI url, int attempts, Duration backoff, Duration timeout, int maxInFlight) {
        if (attempts < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("attempts and maxInFlight must be at least 1");
        }
        check(url);
        this.url = url;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("loupe-webhook").unstarted(r));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(timer).build();
    }

    /**
     * Checks that alerts can be posted to {@code url}: an absolute http or https URL with a host. Without
     * this a URL such as {@code localhost:9000/hook} (scheme "localhost") was accepted and every delivery failed.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook '" + url + "' is not an http:// or https:// URL with a host"
                    + " (e.g. http://127.0.0.1:9000/alerts)");
        }
    }

    /** 5 attempts from 1 s apart, 5 s timeout, 1,000 alerts pending at most. */
    public static WebhookAlertSink of(URI url) {
        return new WebhookAlertSink(url, 5, Duration.ofSeconds(1), Duration.ofSeconds(5), 1_000);
    }

    @Override
    public void deliver(AlertRule rule, AlertState state) {
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            LOG.warn("webhook {}: too many undelivered alerts, dropped {} {}", url, rule.name(), state.status());
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(rule, state))).build();
        attempt(request, 1);
    }

    private void attempt(HttpRequest request, int n) {
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                inFlight.release();
                return;
            }
            String why = error != null ? reason(error) : "HTTP " + response.statusCode();
            if (n >= attempts || timer.isShutdown()) {
                lastFailure.set("not delivered after " + n + " attempts: " + why);
                dropped.incrementAndGet();
                inFlight.release();
                LOG.warn("webhook {}: alert not delivered after {} attempts ({})", url, n, why);
                return;
            }
            long delay = backoff.toMillis() << (n - 1);
            try {
                timer.schedule(() -> attempt(request, n + 1), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                dropped.incrementAndGet();
                inFlight.release();
            }
        });
    }

    /** Why a request failed, in words: the HTTP client wraps the cause, and a refused connection has no message. */
    private String reason(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return switch (cause) {
            case java.net.ConnectException c -> "connection refused (is anything listening at " + url.getHost() + ":"
                    + (url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80) + "?)";
            case java.net.http.HttpTimeoutException t -> "no answer within " + timeout.toSeconds() + " s";
            default -> cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        };
    }

    static byte[] body(AlertRule rule, AlertState state) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", rule.name());
        rule.about().ifPresent(a -> o.put("model", a.model()).put("version", a.version()));
        o.put("expression", rule.expression());
        o.put("status", state.status().name().toLowerCase(java.util.Locale.ROOT));
        o.put("since", state.since().toString());
        if (Double.isNaN(state.value())) {
            o.putNull("value");
        } else {
            o.put("value", state.value());
        }
        o.put("message", state.message());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every alert handed over so far is delivered or given up, at most {@code timeout}; for a
     * process about to exit. Returns false on timeout.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        inFlight.release(maxInFlight);
        return true;
    }

    /** Alerts the webhook answered 2xx to. */
    public long delivered() {
        return delivered.get();
    }

    /** Why the last alert given up on after its retries was not delivered; empty while none was. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** Alerts given up on (retries exhausted, or too many pending). */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.shutdownNow();
    }
}

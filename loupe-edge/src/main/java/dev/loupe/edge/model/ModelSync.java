package dev.loupe.edge.model;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.store.Sha256;
import dev.loupe.edge.metrics.EdgeMetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the station on the model its alias points to: polls
 * {@code GET {platform}/v1/models/{model}/package?alias={alias}} (with the current package's sha256 as
 * {@code If-None-Match}), checks the body against the {@code X-Loupe-Sha256} header and the package's
 * own identity, installs it in the inactive {@link ModelSlots slot}, loads it, and swaps it in
 * ({@link ActiveModel}). A package that fails to load is rolled back; the station keeps its model.
 */
public final class ModelSync implements AutoCloseable {

    /** What one check did. */
    public sealed interface Outcome {
        record Unchanged() implements Outcome {
        }

        record Installed(String version, String sha256) implements Outcome {
        }

        record Failed(String why) implements Outcome {
        }
    }

    private final HttpClient http;
    private final URI uri;
    private final Optional<String> token;
    private final ModelSlots slots;
    private final ActiveModel active;
    private final int threads;
    private final EdgeMetrics metrics;
    private final Thread thread;
    private volatile String lastError = "";

    /** @param interval how often to check; {@code Duration.ZERO} for only when {@link #check()} is called */
    public ModelSync(HttpClient http, String platform, String model, String alias, Optional<String> token, ModelSlots slots,
                     ActiveModel active, int threads, EdgeMetrics metrics, Duration interval) {
        this.http = http;
        String base = platform.endsWith("/") ? platform.substring(0, platform.length() - 1) : platform;
        this.uri = URI.create(base + "/v1/models/" + model + "/package?alias=" + alias);
        this.token = token;
        this.slots = slots;
        this.active = active;
        this.threads = threads;
        this.metrics = metrics;
        this.thread = interval.isZero() ? null : Thread.ofPlatform().daemon().name("model-sync").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                check();
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Checks the platform once and installs a new model when the alias moved. */
    public synchronized Outcome check() {
        String current = active.current().map(m -> m.pkg().sha256()).orElse("");
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
            if (!current.isEmpty()) {
                b.header("If-None-Match", "\"" + current + "\"");
            }
            token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 304) {
                return new Outcome.Unchanged();
            }
            if (r.statusCode() != 200) {
                return failed("the platform answered " + r.statusCode() + " for " + uri);
            }
            String expected = r.headers().firstValue("X-Loupe-Sha256").orElse("");
            String actual = Sha256.of(r.body()).sha256();
            if (!actual.equals(expected)) {
                return failed("package checksum mismatch: got " + actual + ", the platform said " + expected);
            }
            ModelPackage pkg = ModelPackage.fromZip(r.body());
            if (!pkg.sha256().equals(expected)) {
                return failed("the package is not in canonical form (sha256 " + pkg.sha256() + ")");
            }
            if (pkg.sha256().equals(current)) {
                return new Outcome.Unchanged();
            }
            String version = r.headers().firstValue("X-Loupe-Model-Version").orElse(pkg.sha256().substring(0, 12));
            slots.install(pkg, version);
            try {
                active.swap(pkg, version, threads);
            } catch (InferenceException e) {
                slots.rollback();
                return failed("the new model does not load, kept the old one: " + e.getMessage());
            }
            metrics.modelSwapped();
            lastError = "";
            return new Outcome.Installed(version, pkg.sha256());
        } catch (IOException | RuntimeException e) {
            return failed("model sync: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    private Outcome failed(String why) {
        lastError = why;
        return new Outcome.Failed(why);
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}

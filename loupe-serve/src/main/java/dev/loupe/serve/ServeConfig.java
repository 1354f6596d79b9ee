package dev.loupe.serve;

import java.time.Duration;

/**
 * How a prediction server runs. Validated when built, immutable afterwards.
 *
 * @param host             interface to bind (127.0.0.1 keeps the server local)
 * @param httpPort         REST port, 0 for an ephemeral one
 * @param grpcPort         gRPC port, 0 for an ephemeral one, -1 for no gRPC
 * @param maxRequestBytes  larger request bodies (REST) and messages (gRPC) are refused: 413 / RESOURCE_EXHAUSTED
 * @param threads          inference threads (each runs one inference on one ONNX Runtime thread)
 * @param queueCapacity    requests that may wait for an inference thread; beyond that: 503 + Retry-After
 * @param retryAfter       what a refused client is told to wait
 * @param maxBatch         most {@code /inspect} images one ONNX Runtime call classifies when requests queue up; 1 for none
 */
public record ServeConfig(String host, int httpPort, int grpcPort, long maxRequestBytes, int threads,
                          int queueCapacity, Duration retryAfter, int maxBatch) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    /** No batching: on CPU it did not pay reliably here (docs/adr/0007-no-dynamic-batching-by-default.md). */
    public static final int DEFAULT_MAX_BATCH = 1;

    public ServeConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("HTTP port must be 0..65535, got " + httpPort);
        }
        if (grpcPort < -1 || grpcPort > 65535) {
            throw new IllegalArgumentException("gRPC port must be 0..65535 or -1 (off), got " + grpcPort);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request size limit must be at least 1024 bytes, got " + maxRequestBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("inference threads must be at least 1, got " + threads);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must be >= 0, got " + queueCapacity);
        }
        if (maxBatch < 1 || maxBatch > 256) {
            throw new IllegalArgumentException("max batch must be 1..256, got " + maxBatch);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("Retry-After must be positive, got " + retryAfter);
        }
    }

    /** Local, ephemeral ports, one inference thread per core, a queue of 16 per thread, 16 MiB requests, no batching. */
    public static ServeConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServeConfig("127.0.0.1", 0, 0, DEFAULT_MAX_REQUEST_BYTES, cores, 16 * cores, Duration.ofSeconds(1), DEFAULT_MAX_BATCH);
    }

    public ServeConfig withPorts(int http, int grpc) {
        return new ServeConfig(host, http, grpc, maxRequestBytes, threads, queueCapacity, retryAfter, maxBatch);
    }

    public ServeConfig withHost(String h) {
        return new ServeConfig(h, httpPort, grpcPort, maxRequestBytes, threads, queueCapacity, retryAfter, maxBatch);
    }

    public ServeConfig withMaxRequestBytes(long max) {
        return new ServeConfig(host, httpPort, grpcPort, max, threads, queueCapacity, retryAfter, maxBatch);
    }

    public ServeConfig withMaxBatch(int max) {
        return new ServeConfig(host, httpPort, grpcPort, maxRequestBytes, threads, queueCapacity, retryAfter, max);
    }

    public ServeConfig withConcurrency(int inferenceThreads, int queue) {
        return new ServeConfig(host, httpPort, grpcPort, maxRequestBytes, inferenceThreads, queue, retryAfter, maxBatch);
    }
}

package dev.loupe.edge.infer;

import dev.loupe.edge.source.Capture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The server first, the station's model when the server fails or is over budget. After a failure the
 * server is skipped (every image goes straight to the local model) for a back-off that doubles from
 * {@code minBackoff} to {@code maxBackoff}; then one image probes the server again. So a dead server
 * costs one budget per back-off period, not one per image.
 */
public final class FallbackInference implements Inference {
    private final Inference remote;
    private final Inference local;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final LongSupplier nanoClock;
    private final AtomicBoolean serverUp = new AtomicBoolean(true);
    private long backoffNanos;
    private long retryAtNanos;
    private String lastFailure = "";

    public FallbackInference(Inference remote, Inference local, Duration minBackoff, Duration maxBackoff, LongSupplier nanoClock) {
        this.remote = remote;
        this.local = local;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.nanoClock = nanoClock;
        this.backoffNanos = minBackoff.toNanos();
    }

    @Override
    public Answer infer(Capture capture) throws InferenceFailure {
        long now = nanoClock.getAsLong();
        if (serverUp.get() || now - retryAtNanos >= 0) {
            try {
                Answer a = remote.infer(capture);
                serverUp.set(true);
                backoffNanos = minBackoff.toNanos();
                return a;
            } catch (InferenceFailure e) {
                lastFailure = e.getMessage();
                if (!serverUp.getAndSet(false)) {
                    backoffNanos = Math.min(backoffNanos * 2, maxBackoff.toNanos());
                }
                retryAtNanos = now + backoffNanos;
                return local.infer(capture).asFallback(lastFailure);
            }
        }
        return local.infer(capture).asFallback("server down: " + lastFailure);
    }

    /** Whether the last call to the server succeeded. */
    public boolean serverUp() {
        return serverUp.get();
    }

    @Override
    public String describe() {
        return remote.describe() + (serverUp.get() ? "" : " DOWN") + ", fallback " + local.describe();
    }
}

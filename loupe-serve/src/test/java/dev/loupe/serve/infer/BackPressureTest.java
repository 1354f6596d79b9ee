package dev.loupe.serve.infer;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.inference.OnnxModel;
import dev.loupe.core.inference.TinyOnnx;
import dev.loupe.serve.Http;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ServedModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A saturated server answers 503 with Retry-After at once instead of queueing without bound, and
 * serves again when load drops. Deterministic: the model holds each inference at a gate the test opens.
 */
class BackPressureTest {

    static final String REQUEST = """
            {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""";

    @Test
    void saturated_answers503WithRetryAfter_thenServesAgain() throws Exception {
        Semaphore entered = new Semaphore(0);
        CountDownLatch gate = new CountDownLatch(1);
        try (OnnxModel onnx = OnnxModel.load(TinyOnnx.reluAndNeg(), 1)) {
            ServedModel plain = ModelFiles.served("gated", "1", onnx);
            ServedModel gated = new ServedModel("gated", "1", plain.inputs(), plain.outputs(), (feeds, requested) -> {
                entered.release();
                await(gate);
                return onnx.run(feeds, requested);
            }, List.of(), java.util.Optional.empty());
            ServeConfig config = ServeConfig.defaults().withConcurrency(1, 1);
            try (ServeFixture fx = ServeFixture.start(config, ModelRepository.of(List.of(gated)), List.of())) {
                CompletableFuture<Http.Response> running = CompletableFuture.supplyAsync(() -> fx.http.postJson("/v2/models/gated/infer", REQUEST));
                assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).as("first request reached the model").isTrue();
                CompletableFuture<Http.Response> queued = CompletableFuture.supplyAsync(() -> fx.http.postJson("/v2/models/gated/infer", REQUEST));
                awaitCondition(() -> fx.server.queue().waiting() == 1);

                long start = System.nanoTime();
                Http.Response refused = fx.http.postJson("/v2/models/gated/infer", REQUEST);
                long refusedNanos = System.nanoTime() - start;
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.json().get("error").asText()).contains("at capacity");
                assertThat(Duration.ofNanos(refusedNanos)).isLessThan(Duration.ofSeconds(2));

                gate.countDown();
                assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(fx.http.postJson("/v2/models/gated/infer", REQUEST).status()).isEqualTo(200);
            }
        }
    }

    private static void await(CountDownLatch gate) throws InferenceException {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new InferenceException("test gate never opened", false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted at the test gate", false, e);
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}

package dev.loupe.serve.bench;

import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.ServeFixture;
import dev.loupe.serve.grpc.oip.ModelInferRequest;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's lean gRPC client against the real server: answers counted, failures reported, calls multiplexed. */
class LeanGrpcConnectionTest {
    static ServeFixture fx;
    static EventLoopGroup loop;

    @BeforeAll
    static void start() throws Exception {
        fx = ServeFixture.start(ServeConfig.defaults());
        loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        fx.close();
    }

    private static ByteBuf request(String model) {
        return LeanGrpcConnection.message(ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32").addShape(2).addShape(3)
                        .setContents(dev.loupe.serve.grpc.oip.InferTensorContents.newBuilder()
                                .addAllFp32Contents(java.util.List.of(-1f, 0f, 2f, 3f, -4f, 5f))))
                .build().toByteArray());
    }

    private static CompletableFuture<Integer> call(LeanGrpcConnection c, ByteBuf message) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        c.call(message, (images, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(images);
            }
        });
        return done;
    }

    @Test
    void call_answeredByTheServer_completesWithOneImage_manyInFlight() throws Exception {
        try (LeanGrpcConnection c = LeanGrpcConnection.connect(loop, NioSocketChannel.class, "127.0.0.1", fx.server.grpcPort(),
                "/inference.GRPCInferenceService/ModelInfer")) {
            ByteBuf ok = request("tiny");
            java.util.List<CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) { // more than the connection's initial flow-control window of answers
                calls.add(call(c, ok));
            }
            for (CompletableFuture<Integer> f : calls) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
    }

    @Test
    void call_theServerRefuses_completesWithTheGrpcStatus() throws Exception {
        try (LeanGrpcConnection c = LeanGrpcConnection.connect(loop, NioSocketChannel.class, "127.0.0.1", fx.server.grpcPort(),
                "/inference.GRPCInferenceService/ModelInfer")) {
            CompletableFuture<Integer> unknown = call(c, request("no-such-model"));
            assertThat(unknown).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("grpc-status 5"); // NOT_FOUND
            assertThat(call(c, request("tiny")).get(10, TimeUnit.SECONDS)).isEqualTo(1); // the connection goes on
        }
    }
}

package dev.loupe.serve.auth;

import dev.loupe.core.auth.ApiToken;
import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Role;
import dev.loupe.core.auth.TokenStore;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.TestModels;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.ModelMetadataRequest;
import dev.loupe.serve.grpc.oip.ModelMetadataResponse;
import dev.loupe.serve.grpc.oip.ServerLiveRequest;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A token check that reads the token store must not hold up the other calls on its gRPC event loop. */
class GrpcTokenCheckTest {

    @TempDir
    Path dir;

    /** The store, with every lookup held at a gate until the test opens it. */
    private record GatedTokens(TokenStore store, CountDownLatch entered, CountDownLatch gate) implements TokenStore {
        @Override
        public ApiToken add(String name, Role role, String secretSha256, Instant created, String createdBy) {
            return store.add(name, role, secretSha256, created, createdBy);
        }

        @Override
        public Optional<ApiToken> findByHash(String secretSha256) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.findByHash(secretSha256);
        }

        @Override
        public List<ApiToken> list() {
            return store.list();
        }

        @Override
        public Optional<ApiToken> revoke(String name, Instant at, String revokedBy) {
            return store.revoke(name, at, revokedBy);
        }
    }

    @Test
    void grpc_tokenLookupStalled_otherCallsOnTheSameConnectionStillAnswer() throws Exception {
        try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("loupe.db"));
             TestModels models = new TestModels()) {
            String viewer = new ApiTokens(store.tokens(), Clock.systemUTC()).create("dashboard", Role.VIEWER, "test").secret();
            GatedTokens gated = new GatedTokens(store.tokens(), new CountDownLatch(1), new CountDownLatch(1));
            try (PredictionServer server = PredictionServer.start(ServeConfig.defaults(), models.repository(), ServingObserver.NONE,
                    List.of(), Authenticator.tokens(gated, Clock.systemUTC(), Duration.ofMinutes(1)))) {
                // one channel, one connection: every call below lands on the same server event loop
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
                try {
                    Metadata md = new Metadata();
                    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + viewer);
                    var stub = GRPCInferenceServiceGrpc.newFutureStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                    var metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("tiny").build());
                    assertThat(gated.entered().await(10, TimeUnit.SECONDS)).as("the token lookup started").isTrue();

                    boolean live = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .serverLive(ServerLiveRequest.getDefaultInstance()).getLive();

                    assertThat(live).isTrue();
                    assertThat(metadata.isDone()).as("the call whose token is being looked up waits").isFalse();
                    gated.gate().countDown();
                    ModelMetadataResponse answer = metadata.get(10, TimeUnit.SECONDS);
                    assertThat(answer.getName()).isEqualTo("tiny");
                } finally {
                    gated.gate().countDown();
                    channel.shutdownNow();
                }
            }
        }
    }
}

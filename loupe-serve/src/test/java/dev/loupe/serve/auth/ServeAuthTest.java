package dev.loupe.serve.auth;

import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Exposure;
import dev.loupe.core.auth.Role;
import dev.loupe.serve.Http;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.TestModels;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.grpc.oip.ModelMetadataRequest;
import dev.loupe.serve.grpc.oip.ServerLiveRequest;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens on the prediction server, over real sockets: REST and gRPC. */
class ServeAuthTest {
    private static final String INFER = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";

    @TempDir
    static Path dir;
    static SqliteMetadataStore store;
    static ApiTokens tokens;
    static TestModels models;
    static PredictionServer server;
    static Http http;
    static ManagedChannel channel;
    static String device;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        tokens = new ApiTokens(store.tokens(), Clock.systemUTC());
        device = tokens.create("camera-1", Role.DEVICE, "test").secret();
        viewer = tokens.create("dashboard", Role.VIEWER, "test").secret();
        models = new TestModels();
        // no cache: a revocation must show at once here
        server = PredictionServer.start(ServeConfig.defaults(), models.repository(), ServingObserver.NONE, List.of(models),
                Authenticator.tokens(store.tokens(), Clock.systemUTC(), Duration.ZERO));
        http = new Http(server.httpPort());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
        store.close();
    }

    private static Http.Response infer(String token) {
        return token == null ? http.post("/v2/models/tiny/infer", INFER.getBytes(), "Content-Type", "application/json")
                : http.post("/v2/models/tiny/infer", INFER.getBytes(), "Content-Type", "application/json",
                "Authorization", "Bearer " + token);
    }

    @Test
    void rest_withoutToken_is401WithAChallenge() {
        Http.Response r = infer(null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().get("error").asText()).contains("loupe tokens create");
    }

    private static Http.Response scrape(String token) {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    void rest_deviceToken_infers() {
        assertThat(infer(device).status()).isEqualTo(200);
    }

    @Test
    void rest_unknownToken_is401() {
        assertThat(infer(ApiTokens.PREFIX + "not-a-real-token").status()).isEqualTo(401);
    }

    @Test
    void rest_metricsWithDeviceToken_is403() {
        Http.Response r = scrape(device);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").asText()).contains("device").contains("viewer");
    }

    @Test
    void rest_metricsWithoutToken_is401WithAChallenge() {
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().get("error").asText()).isNotBlank();
    }

    @Test
    void rest_metricsWithViewerToken_isTheExposition() {
        Http.Response r = scrape(viewer);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("# TYPE loupe_requests_total counter");
    }

    @Test
    void rest_headOfMetricsWithoutToken_is401WithAChallengeAndNoBody() {
        Http.Response r = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).HEAD().build());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.body()).isEmpty();
        assertThat(http.get("/v2/health/live").status()).isEqualTo(200); // the connection is not out of step
    }

    @Test
    void rest_healthProbes_needNoToken() {
        assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
        assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/v2/models/tiny").status()).isEqualTo(401);
    }

    @Test
    void rest_revokedToken_isRefused() {
        String t = tokens.create("temp", Role.DEVICE, "test").secret();
        assertThat(infer(t).status()).isEqualTo(200);
        tokens.revoke("temp", "test");
        Http.Response r = infer(t);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).contains("revoked");
    }

    @Test
    void grpc_withoutToken_isUnauthenticated_withToken_answers() {
        var anonymous = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        assertThat(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThatThrownBy(() -> anonymous.modelMetadata(ModelMetadataRequest.newBuilder().setName("tiny").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + viewer);
        var authed = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThat(authed.modelMetadata(ModelMetadataRequest.newBuilder().setName("tiny").build()).getName()).isEqualTo("tiny");
    }

    @Test
    void start_allAddressesWithoutAuth_refusesBeforeBinding() {
        // Exposure.check runs before any socket is opened: nothing listens on 0.0.0.0 here
        assertThatThrownBy(() -> PredictionServer.start(ServeConfig.defaults().withHost("0.0.0.0"), models.repository(),
                ServingObserver.NONE, List.of(), Authenticator.none()))
                .isInstanceOf(Exposure.InsecureBindException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without authentication");
    }
}

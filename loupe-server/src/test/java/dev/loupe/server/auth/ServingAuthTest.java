package dev.loupe.server.auth;

import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.ConsoleSessions;
import dev.loupe.core.auth.Role;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.model.TestDescriptors;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.server.console.TokenConsoleAuth;
import dev.loupe.server.serving.Serving;
import dev.loupe.server.serving.ServingConfig;
import dev.loupe.serve.grpc.oip.GRPCInferenceServiceGrpc;
import dev.loupe.serve.grpc.oip.ModelMetadataRequest;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens on what loupe server serves beside the API: OIP REST and gRPC, the edge endpoints, the review queue. */
class ServingAuthTest {
    @TempDir
    static Path dir;
    static SqliteMetadataStore store;
    static FileBlobStore blobs;
    static LoupeServer server;
    static ManagedChannel channel;
    static String device;
    static String viewer;
    static String operator;
    static ConsoleSessions sessions;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        ApiTokens tokens = new ApiTokens(store.tokens(), Clock.systemUTC());
        device = tokens.create("camera", Role.DEVICE, "test").secret();
        viewer = tokens.create("dashboard", Role.VIEWER, "test").secret();
        operator = tokens.create("release-manager", Role.OPERATOR, "test").secret();
        ModelDescriptor d = TestDescriptors.grayscale(8, 8, 0.6);
        d = new ModelDescriptor("m", d.labels(), d.positive(), d.input(), d.scoreOutput(), d.embeddingOutput(), 0.6,
                Optional.empty(), d.lineage(), d.metrics(), d.createdAt());
        store.registry().register("test", "m", ModelResolver.source(ModelPackage.of(d, TestGraphs.meanSigmoid(1)).store(blobs)),
                null, null, Map.of());
        store.registry().setAlias("test", "m", "champion", 1, null);
        Authenticator auth = Authenticator.tokens(store.tokens(), Clock.systemUTC(), Duration.ZERO);
        sessions = new ConsoleSessions(store.sessions(), Clock.systemUTC());
        ConsoleConfig console = ConsoleConfig.defaults().withAuth(new TokenConsoleAuth(auth, store.tokens(), sessions));
        ServingConfig serving = ServingConfig.defaults().withPollInterval(Duration.ofMillis(100))
                .withServe(dev.loupe.serve.ServeConfig.defaults().withPorts(0, 0));
        server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0, auth), store, blobs, console,
                Serving.start(serving, store, blobs, console.auth(), console.labels(), auth));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.serving().orElseThrow().grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
        blobs.close();
        store.close();
    }

    private int status(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpRequest.Builder inspect(String token) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/m/inspect"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** A session the operator's browser would have after signing in at the console. */
    private static String operatorSession() {
        return sessions.start(store.tokens().findByHash(ApiTokens.hash(operator)).orElseThrow()).id();
    }

    private int rolloutWithCookie(String origin) throws Exception {
        return status(HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/m/rollout"))
                .header("Cookie", TokenConsoleAuth.COOKIE + "=" + operatorSession()).header("Origin", origin)
                .header("Content-Type", "text/plain") // a "simple" request: a browser sends it cross-origin without asking
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"none\",\"reason\":\"from a page\"}")));
    }

    @Test
    void rollout_postedWithTheConsoleCookieFromAnotherOrigin_isRefusedAndChangesNothing() throws Exception {
        // SameSite=Strict keeps other sites' requests from carrying the cookie, not other origins of this site
        assertThat(rolloutWithCookie("http://127.0.0.1:1")).isEqualTo(403);
        assertThat(store.rollouts().plan("m")).isEmpty();
        assertThat(rolloutWithCookie(server.url())).isEqualTo(200);
    }

    @Test
    void rollout_readWithTheConsoleCookie_answers() throws Exception {
        assertThat(status(HttpRequest.newBuilder(URI.create(server.url() + "/v1/models/m/rollout"))
                .header("Cookie", TokenConsoleAuth.COOKIE + "=" + operatorSession()))).isEqualTo(200);
    }

    @Test
    void sessionIdAsBearer_isRefusedByEveryApi() throws Exception {
        String session = operatorSession();
        for (HttpRequest.Builder b : new HttpRequest.Builder[]{inspect(session), get("/v2/models/m", session),
                get("/v1/models/m/package", session), get("/v1/review", session), get("/metrics", session),
                get("/v1/models/m/rollout", session), post("/v1/models/m/rollout", session, "{\"mode\":\"none\"}"),
                post("/v1/feedback", session, "{}")}) {
            HttpRequest r = b.build();
            assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).as(r.toString()).isEqualTo(401);
        }
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + session);
        var withSession = GRPCInferenceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThatThrownBy(() -> withSession.modelMetadata(ModelMetadataRequest.newBuilder().setName("m").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void inspect_needsADeviceToken() throws Exception {
        assertThat(status(inspect(null))).isEqualTo(401);
        assertThat(status(inspect(device))).isEqualTo(200);
    }

    @Test
    void v2Metadata_needsAToken_healthDoesNot() throws Exception {
        assertThat(status(get("/v2/models/m", null))).isEqualTo(401);
        assertThat(status(get("/v2/health/ready", null))).isEqualTo(200);
    }

    @Test
    void modelPackageDownload_needsADeviceToken() throws Exception {
        assertThat(status(get("/v1/models/m/package", null))).isEqualTo(401);
        assertThat(status(get("/v1/models/m/package", device))).isEqualTo(200);
    }

    @Test
    void edgeRecords_withoutToken_is401() throws Exception {
        assertThat(status(HttpRequest.newBuilder(URI.create(server.url() + "/v1/edge/records"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"records\":[]}"))))
                .isEqualTo(401);
    }

    @Test
    void reviewQueue_isForViewers_notDevices() throws Exception {
        assertThat(status(get("/v1/review", null))).isEqualTo(401);
        assertThat(status(get("/v1/review", device))).isEqualTo(403);
        assertThat(status(get("/v1/review", viewer))).isEqualTo(200);
    }

    @Test
    void metrics_isForViewers() throws Exception {
        assertThat(status(get("/metrics", device))).isEqualTo(403);
        assertThat(status(get("/metrics", viewer))).isEqualTo(200);
    }

    @Test
    void servingRoutes_missingOrUnknownToken_are401WithAChallenge_aLowRoleIs403() throws Exception {
        for (HttpRequest.Builder b : new HttpRequest.Builder[]{get("/metrics", null), get("/metrics", "not-a-token"),
                get("/v1/models/m/rollout", null), get("/v1/models/m/monitor", "not-a-token"),
                post("/v1/models/m/rollout", null, "{}"), post("/v1/feedback", null, "{}"), post("/v1/feedback", "not-a-token", "{}")}) {
            HttpRequest r = b.build();
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(r.toString()).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).as(r.toString()).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(res.headers().firstValue("Content-Type")).as(r.toString()).hasValue("application/json");
            assertThat(res.body()).as(r.toString()).startsWith("{\"error\":").contains("token");
        }
        HttpResponse<String> low = http.send(post("/v1/models/m/rollout", device, "{}").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(low.statusCode()).isEqualTo(403);
        assertThat(low.body()).contains("operator role");
        assertThat(low.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    private HttpRequest.Builder post(String path, String token, String json) {
        return get(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    @Test
    void grpc_withoutToken_isUnauthenticated_withDeviceToken_answers() {
        var anonymous = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> anonymous.modelMetadata(ModelMetadataRequest.newBuilder().setName("m").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + device);
        var authed = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThat(authed.modelMetadata(ModelMetadataRequest.newBuilder().setName("m").build()).getName()).isEqualTo("m");
    }

    @Test
    void servingGrpcOnAllAddressesWithoutAuth_refusesBeforeBinding() {
        ServingConfig open = ServingConfig.defaults().withServe(dev.loupe.serve.ServeConfig.defaults().withHost("0.0.0.0").withPorts(0, 0));
        assertThatThrownBy(() -> Serving.start(open, store, blobs, ConsoleConfig.defaults().auth(), ConsoleConfig.DEFAULT_LABELS,
                Authenticator.none())).hasMessageContaining("refusing to listen on 0.0.0.0 without authentication");
    }
}

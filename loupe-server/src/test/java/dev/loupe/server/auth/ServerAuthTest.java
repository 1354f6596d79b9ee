package dev.loupe.server.auth;

import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.ConsoleSessions;
import dev.loupe.core.auth.Exposure;
import dev.loupe.core.auth.Role;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.server.console.TokenConsoleAuth;
import dev.loupe.store.jdbc.SqliteMetadataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens on the platform server over a real socket: the MLflow API (Bearer and Basic) and the console. */
class ServerAuthTest {
    @TempDir
    static Path dir;
    static SqliteMetadataStore store;
    static FileBlobStore blobs;
    static LoupeServer server;
    static ApiTokens tokens;
    static String device;
    static String viewer;
    static String operator;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        blobs = new FileBlobStore(dir.resolve("blobs"));
        tokens = new ApiTokens(store.tokens(), Clock.systemUTC());
        device = tokens.create("camera", Role.DEVICE, "test").secret();
        viewer = tokens.create("dashboard", Role.VIEWER, "test").secret();
        operator = tokens.create("ci-trainer", Role.OPERATOR, "test").secret();
        store.registry().register("seed", "m", "blob:x", null, null, Map.of());
        store.registry().register("seed", "m", "blob:y", null, null, Map.of());
        store.registry().setAlias("seed", "m", "champion", 1, null);
        Authenticator auth = Authenticator.tokens(store.tokens(), Clock.systemUTC(), Duration.ZERO);
        server = LoupeServer.start(new LoupeServer.Config("127.0.0.1", 0, auth), store, blobs,
                ConsoleConfig.defaults().withAuth(new TokenConsoleAuth(auth, store.tokens(),
                        new ConsoleSessions(store.sessions(), Clock.systemUTC()))));
    }

    @AfterAll
    static void stop() {
        server.close();
        blobs.close();
        store.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + path));
    }

    private HttpRequest.Builder createExperiment(String name) {
        return api("experiments/create").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"));
    }

    @Test
    void mlflow_withoutToken_is401() throws Exception {
        HttpResponse<String> r = send(api("experiments/search?max_results=10"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("UNAUTHENTICATED");
    }

    @Test
    void mlflow_readWithViewerBearer_is200_writeIs403() throws Exception {
        assertThat(send(api("experiments/search?max_results=10").header("Authorization", "Bearer " + viewer)).statusCode())
                .isEqualTo(200);
        HttpResponse<String> write = send(createExperiment("by-viewer").header("Authorization", "Bearer " + viewer));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).contains("PERMISSION_DENIED");
    }

    @Test
    void mlflow_deviceToken_readsNothing() throws Exception {
        assertThat(send(api("registered-models/search").header("Authorization", "Bearer " + device)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void mlflow_basicWithTokenAsPassword_writes_andTheTokenNameIsTheActor() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("someone:" + operator).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(api("registered-models/create").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"basic-made\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(store.audit().recent(1).getFirst().change().actor()).isEqualTo("ci-trainer");
    }

    @Test
    void mlflow_officialClientWithToken_works_withoutIsRefused() {
        MlflowClient authed = new MlflowClient(new BasicMlflowHostCreds(server.url(), operator));
        String id = authed.createExperiment("from-java-client");
        assertThat(authed.getExperiment(id).getName()).isEqualTo("from-java-client");
        MlflowClient anonymous = new MlflowClient(server.url());
        assertThatThrownBy(() -> anonymous.getExperiment(id)).hasMessageContaining("401");
    }

    @Test
    void mlflow_revokedToken_is401() throws Exception {
        String t = tokens.create("short-lived", Role.OPERATOR, "test").secret();
        assertThat(send(createExperiment("before-revoke").header("Authorization", "Bearer " + t)).statusCode()).isEqualTo(200);
        tokens.revoke("short-lived", "test");
        HttpResponse<String> r = send(createExperiment("after-revoke").header("Authorization", "Bearer " + t));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("revoked");
    }

    @Test
    void console_pages_forbidInlineScriptsAndFraming() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.url() + "/models"))
                .header("Authorization", "Bearer " + viewer));
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void console_loginPage_allowsItsOwnInlineStyleOnly() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(server.url() + "/login")));
        String css = login.body().substring(login.body().indexOf("<style>") + 7, login.body().indexOf("</style>"));
        String hash = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(css.getBytes(StandardCharsets.UTF_8)));
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("style-src 'sha256-" + hash + "'", "frame-ancestors 'none'").doesNotContain("unsafe");
    }

    private String loginCookie(String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + viewer));
        if (header != null) {
            b.header(header, value);
        }
        return send(b).headers().firstValue("Set-Cookie").orElseThrow();
    }

    @Test
    void console_loginBehindATlsProxy_setsASecureCookie_andOverPlainHttpNot() throws Exception {
        assertThat(loginCookie("X-Forwarded-Proto", "https")).containsIgnoringCase("; Secure");
        assertThat(loginCookie("Forwarded", "for=10.0.0.1;proto=https;host=loupe.plant")).containsIgnoringCase("; Secure");
        assertThat(loginCookie(null, null)).doesNotContainIgnoringCase("secure");
        assertThat(loginCookie("X-Forwarded-Proto", "http")).doesNotContainIgnoringCase("secure");
    }

    @Test
    void console_loginBehindATlsProxy_namesTheCookieHostPrefixed_whichOpensPages() throws Exception {
        String cookie = loginCookie("X-Forwarded-Proto", "https");
        assertThat(cookie).startsWith(TokenConsoleAuth.TLS_COOKIE + "=").containsIgnoringCase("; Secure")
                .containsIgnoringCase("Path=/").doesNotContainIgnoringCase("Domain");
        String sent = cookie.substring(0, cookie.indexOf(';'));
        assertThat(send(page("/models").header("Cookie", sent).header("X-Forwarded-Proto", "https")).statusCode())
                .isEqualTo(200);
        assertThat(loginCookie(null, null)).startsWith(TokenConsoleAuth.COOKIE + "=");
    }

    @Test
    void console_overTls_aPlainNamedCookieIsNotRead() throws Exception {
        // a valid session under the name a sibling subdomain or a plain-HTTP page could have set
        String planted = signIn(viewer);
        assertThat(planted).startsWith(TokenConsoleAuth.COOKIE + "=");
        assertThat(send(page("/models").header("Cookie", planted)).statusCode()).isEqualTo(200);
        HttpResponse<String> r = send(page("/models").header("Cookie", planted).header("X-Forwarded-Proto", "https"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void console_logoutOverTls_endsTheSessionAndExpiresTheHostPrefixedCookie() throws Exception {
        String cookie = loginCookie("X-Forwarded-Proto", "https");
        String sent = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> logout = send(page("/logout").header("Cookie", sent).header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .startsWith(TokenConsoleAuth.TLS_COOKIE + "=;").containsIgnoringCase("; Secure")
                .containsPattern("Expires=Thu, 0?1 Jan 1970"));
        assertThat(send(page("/models").header("Cookie", sent).header("X-Forwarded-Proto", "https")).statusCode())
                .isEqualTo(303);
    }

    @Test
    void console_withoutCookie_redirectsToLogin() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/models")));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/login");
        assertThat(send(HttpRequest.newBuilder(URI.create(server.url() + "/login"))).body()).contains("API token");
    }

    /** Signs in at /login with a token; the Cookie header value the browser sends back. */
    private String signIn(String token) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpRequest.Builder page(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    @Test
    void console_loginWithViewerToken_setsAnHttpOnlyCookieThatOpensPages() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + viewer)));
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains(TokenConsoleAuth.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Max-Age=43200");
        HttpResponse<String> page = send(page("/models/m").header("Cookie", cookie.substring(0, cookie.indexOf(';'))));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dashboard");
    }

    @Test
    void console_cookieIsNotTheToken_andTheTokenAsCookieOpensNothing() throws Exception {
        String session = signIn(viewer).substring(TokenConsoleAuth.COOKIE.length() + 1);
        assertThat(session).isNotEqualTo(viewer).doesNotContain(viewer).doesNotStartWith(ApiTokens.PREFIX).hasSizeGreaterThanOrEqualTo(43);
        assertThat(send(page("/models").header("Cookie", TokenConsoleAuth.COOKIE + "=" + viewer)).statusCode()).isEqualTo(303);
    }

    @Test
    void console_afterLogout_theSameCookieIsRefused() throws Exception {
        String cookie = signIn(viewer);
        assertThat(send(page("/models").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        HttpResponse<String> logout = send(page("/logout").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith(TokenConsoleAuth.COOKIE + "=;")
                .containsPattern("Expires=Thu, 0?1 Jan 1970"));
        HttpResponse<String> after = send(page("/models").header("Cookie", cookie));
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void console_afterTheTokenIsRevoked_itsSessionIsRefused() throws Exception {
        String t = tokens.create("revoked-reviewer", Role.OPERATOR, "test").secret();
        String cookie = signIn(t);
        assertThat(send(page("/models").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        tokens.revoke("revoked-reviewer", "test");
        assertThat(send(page("/models").header("Cookie", cookie)).statusCode()).isEqualTo(303);
        HttpResponse<String> promote = send(page("/models/m/alias").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=promote&version=1&reason=revoked")));
        assertThat(promote.statusCode()).isEqualTo(401);
    }

    @Test
    void sessionIdAsBearer_isRefusedByTheMlflowApiAndTheConsole() throws Exception {
        String session = signIn(operator).substring(TokenConsoleAuth.COOKIE.length() + 1);
        HttpResponse<String> mlflow = send(api("experiments/search?max_results=10").header("Authorization", "Bearer " + session));
        assertThat(mlflow.statusCode()).isEqualTo(401);
        assertThat(mlflow.body()).contains("UNAUTHENTICATED");
        assertThat(send(page("/models").header("Authorization", "Bearer " + session)).statusCode()).isEqualTo(303);
        String basic = Base64.getEncoder().encodeToString((":" + session).getBytes(StandardCharsets.UTF_8));
        assertThat(send(api("experiments/search?max_results=10").header("Authorization", "Basic " + basic)).statusCode()).isEqualTo(401);
    }

    @Test
    void console_loginWithDeviceOrUnknownToken_isRefused() throws Exception {
        for (String token : new String[]{device, "loupe_nope"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
            assertThat(r.statusCode()).isIn(401, 403);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void console_promoteByViewerIs403_byOperatorMovesTheAlias() throws Exception {
        HttpRequest.Builder promote = HttpRequest.newBuilder(URI.create(server.url() + "/models/m/alias"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=promote&version=2&reason=better"));
        assertThat(send(promote.copy()).statusCode()).isEqualTo(401);
        assertThat(send(promote.copy().header("Authorization", "Bearer " + viewer)).statusCode()).isEqualTo(403);
        assertThat(store.registry().versionByAlias("m", "champion")).map(v -> v.version()).contains(1);
        assertThat(send(promote.copy().header("Cookie", signIn(operator))).statusCode()).isEqualTo(303);
        assertThat(store.registry().versionByAlias("m", "champion")).map(v -> v.version()).contains(2);
        assertThat(store.audit().recent(1).getFirst().change().actor()).isEqualTo("ci-trainer");
    }

    @Test
    void start_allAddressesWithoutAuth_refusesBeforeBinding() {
        assertThatThrownBy(() -> LoupeServer.start(new LoupeServer.Config("0.0.0.0", 0), store))
                .isInstanceOf(Exposure.InsecureBindException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without authentication");
    }
}

package dev.loupe.serve.auth;

import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Role;
import dev.loupe.serve.Http;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The token filter's refusals over a real socket. */
class HttpAuthTest {
    /** A reason as an authenticator might echo it from a request: a newline, a tab, NUL, a quote. */
    private static final String REASON = "token 'a\nb\tc\u0000d\u001f' is \"odd\" \\ refused";

    static WebServer server;
    static Http http;

    @BeforeAll
    static void start() {
        Authenticator refusing = new Authenticator() {
            @Override
            public Access check(String authorization, Role needed) {
                return new Access.Unauthenticated(REASON);
            }

            @Override
            public boolean required() {
                return true;
            }
        };
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.addFilter(new HttpAuth(refusing, path -> Optional.of(Role.VIEWER)))
                        .get("/anything", (req, res) -> res.send("never")))
                .build().start();
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void refuse_reasonWithControlCharacters_isValidJsonCarryingIt() {
        Http.Response r = http.get("/anything");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isEqualTo(REASON);
    }
}

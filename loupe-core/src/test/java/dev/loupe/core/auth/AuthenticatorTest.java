package dev.loupe.core.auth;

import dev.loupe.core.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {

    /** An in-memory store that counts lookups. */
    static final class MemoryTokens implements TokenStore {
        final List<ApiToken> tokens = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public synchronized ApiToken add(String name, Role role, String hash, Instant created, String createdBy) {
            ApiToken t = new ApiToken(tokens.size() + 1, name, role, created, createdBy, Optional.empty());
            tokens.add(t);
            hashes.add(hash);
            return t;
        }

        @Override
        public synchronized Optional<ApiToken> findByHash(String hash) {
            lookups.incrementAndGet();
            int i = hashes.indexOf(hash);
            return i < 0 ? Optional.empty() : Optional.of(tokens.get(i));
        }

        @Override
        public synchronized List<ApiToken> list() {
            return List.copyOf(tokens);
        }

        @Override
        public synchronized Optional<ApiToken> revoke(String name, Instant at, String by) {
            for (int i = 0; i < tokens.size(); i++) {
                ApiToken t = tokens.get(i);
                if (t.name().equals(name) && t.active()) {
                    ApiToken r = new ApiToken(t.id(), name, t.role(), t.created(), t.createdBy(), Optional.of(at));
                    tokens.set(i, r);
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    private final MemoryTokens store = new MemoryTokens();
    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final ApiTokens tokens = new ApiTokens(store, clock);
    private final Authenticator auth = Authenticator.tokens(store, clock, Duration.ofSeconds(5));

    @Test
    void check_noHeader_isUnauthenticated() {
        assertThat(auth.check(null, Role.DEVICE)).isInstanceOf(Access.Unauthenticated.class);
    }

    @Test
    void check_bearerWithRole_isGranted() {
        String secret = tokens.create("op", Role.OPERATOR, "t").secret();
        assertThat(auth.check("Bearer " + secret, Role.VIEWER))
                .isEqualTo(new Access.Granted(new Principal("op", Role.OPERATOR)));
    }

    @Test
    void check_roleBelowNeeded_isForbidden() {
        String secret = tokens.create("cam", Role.DEVICE, "t").secret();
        assertThat(auth.check("Bearer " + secret, Role.OPERATOR)).isInstanceOfSatisfying(Access.Forbidden.class,
                f -> assertThat(f.reason()).contains("device").contains("operator"));
    }

    @Test
    void check_basicWithTokenAsPassword_orAsUser_isGranted() {
        String secret = tokens.create("mlflow", Role.OPERATOR, "t").secret();
        String asPassword = Base64.getEncoder().encodeToString(("anyone:" + secret).getBytes(StandardCharsets.UTF_8));
        String asUser = Base64.getEncoder().encodeToString((secret + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(auth.check("Basic " + asPassword, Role.OPERATOR)).isInstanceOf(Access.Granted.class);
        assertThat(auth.check("basic " + asUser, Role.OPERATOR)).isInstanceOf(Access.Granted.class);
    }

    @Test
    void check_unknownOrMalformed_isUnauthenticated() {
        tokens.create("x", Role.ADMIN, "t");
        assertThat(auth.check("Bearer loupe_guess", Role.DEVICE)).isInstanceOf(Access.Unauthenticated.class);
        assertThat(auth.check("Basic !!!", Role.DEVICE)).isInstanceOf(Access.Unauthenticated.class);
        assertThat(auth.check("Token abc", Role.DEVICE)).isInstanceOf(Access.Unauthenticated.class);
    }

    @Test
    void check_revokedToken_isRefusedOnceTheCacheExpires() {
        String secret = tokens.create("edge", Role.DEVICE, "t").secret();
        assertThat(auth.check("Bearer " + secret, Role.DEVICE)).isInstanceOf(Access.Granted.class);
        tokens.revoke("edge", "t");
        clock.advance(Duration.ofSeconds(5));
        assertThat(auth.check("Bearer " + secret, Role.DEVICE)).isInstanceOfSatisfying(Access.Unauthenticated.class,
                u -> assertThat(u.reason()).contains("revoked"));
    }

    @Test
    void check_repeatedWithinTheCacheTime_looksUpOnce() {
        String secret = tokens.create("edge", Role.DEVICE, "t").secret();
        for (int i = 0; i < 100; i++) {
            auth.check("Bearer " + secret, Role.DEVICE);
        }
        assertThat(store.lookups.get()).isEqualTo(1);
    }

    @Test
    void answersAtOnce_onlyWhatTheCheckCanAnswerWithoutTheStore() {
        String secret = tokens.create("edge", Role.DEVICE, "t").secret();
        assertThat(auth.answersAtOnce(null)).as("no header").isTrue();
        assertThat(auth.answersAtOnce("Digest abc")).as("malformed").isTrue();
        assertThat(auth.answersAtOnce("Bearer " + secret)).as("never looked up").isFalse();

        auth.check("Bearer " + secret, Role.DEVICE);
        assertThat(auth.answersAtOnce("Bearer " + secret)).as("cached").isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(auth.answersAtOnce("Bearer " + secret)).as("cache expired").isFalse();
        assertThat(store.lookups.get()).isEqualTo(1); // asking never reads the store
        assertThat(Authenticator.none().answersAtOnce("Bearer " + secret)).isTrue();
    }

    @Test
    void none_grantsEverythingAndIsNotRequired() {
        assertThat(Authenticator.none().required()).isFalse();
        assertThat(Authenticator.none().check(null, Role.ADMIN)).isInstanceOf(Access.Granted.class);
    }

    @Test
    void exposure_nonLoopbackWithoutAuth_isRefused_loopbackOrTokensAreFine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exposure.check("0.0.0.0", Authenticator.none()))
                .isInstanceOf(Exposure.InsecureBindException.class).hasMessageContaining("0.0.0.0");
        Exposure.check("127.0.0.1", Authenticator.none());
        Exposure.check("localhost", Authenticator.none());
        Exposure.check("0.0.0.0", auth);
    }

    @Test
    void create_malformedName_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.create("../x", Role.ADMIN, "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

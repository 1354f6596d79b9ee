package dev.loupe.core.auth;

import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link SessionStore} contract, with {@link ConsoleSessions} over it, run against every metadata store adapter. */
public abstract class SessionStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    protected MetadataStore store;
    private final TestClock clock = new TestClock(T0);
    private ApiTokens tokens;
    private ConsoleSessions sessions;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        clock.set(T0);
        tokens = new ApiTokens(store.tokens(), clock);
        sessions = new ConsoleSessions(store.sessions(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ApiToken token(String name, Role role) {
        return tokens.create(name, role, "alice").token();
    }

    @Test
    void start_storesOnlyTheHash_andResolvesToTheTokensOwner() {
        ConsoleSessions.Started s = sessions.start(token("dashboard", Role.VIEWER));
        assertThat(s.id()).hasSizeGreaterThanOrEqualTo(43).doesNotStartWith(ApiTokens.PREFIX);
        assertThat(s.expires()).isEqualTo(T0.plus(ConsoleSessions.LIFETIME));
        assertThat(sessions.resolve(s.id())).contains(new Principal("dashboard", Role.VIEWER));
        ConsoleSession stored = store.sessions().find(ApiTokens.hash(s.id())).orElseThrow();
        assertThat(stored.token().name()).isEqualTo("dashboard");
        assertThat(stored.created()).isEqualTo(T0);
        assertThat(store.sessions().find(s.id())).as("the id itself is no key").isEmpty();
    }

    @Test
    void start_twice_givesDifferentIds() {
        ApiToken t = token("dashboard", Role.VIEWER);
        assertThat(sessions.start(t).id()).isNotEqualTo(sessions.start(t).id());
    }

    @Test
    void resolve_unknownOrBlankId_isEmpty() {
        assertThat(sessions.resolve("no-such-session")).isEmpty();
        assertThat(sessions.resolve("")).isEmpty();
        assertThat(sessions.resolve(null)).isEmpty();
    }

    @Test
    void resolve_afterTheLifetime_isEmpty() {
        ConsoleSessions.Started s = sessions.start(token("dashboard", Role.VIEWER));
        clock.set(T0.plus(ConsoleSessions.LIFETIME).minusSeconds(1));
        assertThat(sessions.resolve(s.id())).isPresent();
        clock.set(T0.plus(ConsoleSessions.LIFETIME));
        assertThat(sessions.resolve(s.id())).isEmpty();
    }

    @Test
    void end_deletesTheSession() {
        ConsoleSessions.Started s = sessions.start(token("dashboard", Role.VIEWER));
        sessions.end(s.id());
        assertThat(sessions.resolve(s.id())).isEmpty();
        assertThat(store.sessions().delete(ApiTokens.hash(s.id()))).isFalse();
    }

    @Test
    void revokingTheToken_endsItsSessionsOnly() {
        ConsoleSessions.Started revoked = sessions.start(token("dashboard", Role.VIEWER));
        ConsoleSessions.Started other = sessions.start(token("ops", Role.OPERATOR));
        tokens.revoke("dashboard", "bob");
        assertThat(sessions.resolve(revoked.id())).isEmpty();
        assertThat(store.sessions().find(ApiTokens.hash(revoked.id()))).isEmpty();
        assertThat(sessions.resolve(other.id())).contains(new Principal("ops", Role.OPERATOR));
    }

    @Test
    void start_withARevokedToken_isRefused() {
        token("dashboard", Role.VIEWER);
        ApiToken revoked = tokens.revoke("dashboard", "bob").orElseThrow();
        assertThatThrownBy(() -> sessions.start(revoked)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoked");
    }

    @Test
    void start_deletesExpiredSessions_andKeepsLiveOnes() {
        ApiToken t = token("dashboard", Role.VIEWER);
        ConsoleSessions.Started old = sessions.start(t);
        clock.set(T0.plusSeconds(3600));
        ConsoleSessions.Started recent = sessions.start(t);
        clock.set(T0.plus(ConsoleSessions.LIFETIME).plusSeconds(1));
        sessions.start(t);
        assertThat(store.sessions().find(ApiTokens.hash(old.id()))).as("expired, deleted").isEmpty();
        assertThat(sessions.resolve(recent.id())).isPresent();
        assertThat(store.sessions().deleteExpired(clock.instant().plus(ConsoleSessions.LIFETIME))).isEqualTo(2);
    }
}

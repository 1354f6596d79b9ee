package dev.loupe.core.auth;

import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link TokenStore} contract, run against every metadata store adapter. */
public abstract class TokenStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    protected MetadataStore store;
    private ApiTokens tokens;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        tokens = new ApiTokens(store.tokens(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void create_storesOnlyTheHash_andFindsTheTokenByIt() {
        IssuedToken issued = tokens.create("line-3", Role.DEVICE, "alice");
        assertThat(issued.secret()).startsWith(ApiTokens.PREFIX).hasSizeGreaterThan(40);
        ApiToken found = store.tokens().findByHash(ApiTokens.hash(issued.secret())).orElseThrow();
        assertThat(found.name()).isEqualTo("line-3");
        assertThat(found.role()).isEqualTo(Role.DEVICE);
        assertThat(found.created()).isEqualTo(T0);
        assertThat(found.createdBy()).isEqualTo("alice");
        assertThat(found.active()).isTrue();
        assertThat(store.tokens().findByHash(issued.secret())).as("the secret itself is no key").isEmpty();
    }

    @Test
    void create_twiceTheSameName_refusesTheSecond() {
        tokens.create("ci", Role.OPERATOR, "alice");
        assertThatThrownBy(() -> tokens.create("ci", Role.VIEWER, "bob")).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("ci");
        assertThat(tokens.list()).hasSize(1);
    }

    @Test
    void revoke_marksTheTokenRevoked_andFreesItsName() {
        IssuedToken first = tokens.create("edge", Role.DEVICE, "alice");
        assertThat(tokens.revoke("edge", "bob")).hasValueSatisfying(t -> assertThat(t.revoked()).contains(T0));
        assertThat(store.tokens().findByHash(ApiTokens.hash(first.secret()))).hasValueSatisfying(
                t -> assertThat(t.active()).isFalse());
        IssuedToken second = tokens.create("edge", Role.DEVICE, "alice");
        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertThat(tokens.list()).extracting(ApiToken::active).containsExactly(false, true);
    }

    @Test
    void revoke_unknownName_isEmpty() {
        assertThat(tokens.revoke("nobody", "bob")).isEmpty();
    }

    @Test
    void createAndRevoke_areAudited_withoutTheSecret() {
        IssuedToken t = tokens.create("viewer-1", Role.VIEWER, "alice");
        tokens.revoke("viewer-1", "bob");
        List<AuditEntry> log = store.audit().forEntity("token", "viewer-1");
        assertThat(log).extracting(e -> e.change().actor() + " " + e.change().action() + " " + e.change().entityId())
                .contains("alice create viewer-1", "bob revoke viewer-1");
        assertThat(log.toString()).doesNotContain(t.secret()).doesNotContain(ApiTokens.hash(t.secret()));
    }
}

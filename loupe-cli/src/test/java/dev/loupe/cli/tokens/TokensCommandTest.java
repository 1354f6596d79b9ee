package dev.loupe.cli.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TokensCommandTest {
    @TempDir
    Path home;

    private CliRun loupe(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return CliRun.of(all);
    }

    @Test
    void create_printsTheSecretOnce_listShowsNameAndRoleOnly() {
        CliRun created = loupe("tokens", "create", "--name", "line-3", "--role", "device");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String secret = created.out().strip();
        assertThat(secret).startsWith("loupe_");
        CliRun list = loupe("tokens", "list");
        assertThat(list.out()).contains("line-3").contains("device").contains("active").doesNotContain(secret);
    }

    @Test
    void revoke_hidesTheTokenFromList_unlessAll() {
        loupe("tokens", "create", "--name", "old", "--role", "viewer");
        assertThat(loupe("tokens", "revoke", "old").exitCode()).isZero();
        assertThat(loupe("tokens", "list").out()).doesNotContain("old");
        assertThat(loupe("tokens", "list", "--all").out()).contains("old").contains("revoked");
    }

    @Test
    void list_json_givesNameRoleAndState_neverTheSecret() {
        String secret = loupe("tokens", "create", "--name", "line-3", "--role", "device").out().strip();
        loupe("tokens", "create", "--name", "old", "--role", "viewer");
        loupe("tokens", "revoke", "old");

        CliRun active = loupe("tokens", "list", "--json");
        assertThat(active.exitCode()).as(active.toString()).isZero();
        assertThat(active.out()).doesNotContain(secret);
        JsonNode tokens = active.json().path("tokens");
        assertThat(tokens).extracting(t -> t.path("name").asText()).containsExactly("line-3");
        JsonNode t = tokens.get(0);
        assertThat(t.path("role").asText()).isEqualTo("device");
        assertThat(t.path("active").asBoolean()).isTrue();
        assertThat(t.path("revoked_at").isNull()).isTrue();
        assertThat(Instant.parse(t.path("created_at").asText())).isBeforeOrEqualTo(Instant.now());

        JsonNode old = loupe("tokens", "list", "--all", "--json").json().path("tokens").findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("old")).findFirst().orElseThrow();
        assertThat(old.path("active").asBoolean()).isFalse();
        assertThat(Instant.parse(old.path("revoked_at").asText())).isAfterOrEqualTo(Instant.parse(old.path("created_at").asText()));
        assertThat(loupe("tokens", "list").out()).startsWith("NAME").contains("line-3").contains("active");
    }

    @Test
    void list_json_withNoTokens_givesAnEmptyArray() {
        CliRun r = loupe("tokens", "list", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("tokens").isArray()).isTrue();
        assertThat(r.json().path("tokens")).isEmpty();
    }

    @Test
    void revoke_unknownName_exitsOne() {
        CliRun r = loupe("tokens", "revoke", "ghost");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("ghost");
    }

    @Test
    void create_unknownRole_isAUsageError() {
        CliRun r = loupe("tokens", "create", "--name", "x", "--role", "root");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("device").contains("admin");
    }

    @Test
    void server_onAllAddressesWithAuthOff_refusesToStart() {
        // the check runs before binding: nothing listens on 0.0.0.0
        CliRun r = loupe("server", "--host", "0.0.0.0", "--port", "0", "--auth", "none");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without authentication");
    }
}

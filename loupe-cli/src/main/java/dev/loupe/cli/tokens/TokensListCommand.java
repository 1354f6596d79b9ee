package dev.loupe.cli.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.JsonOutput;
import dev.loupe.cli.models.Format;
import dev.loupe.cli.models.TextTable;
import dev.loupe.core.auth.ApiToken;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loupe tokens list [--all] [--json]}: every token's name, role and state; never a secret. JSON:
 * {@code {"tokens": [{"name", "role", "created_at", "created_by", "active", "revoked_at"}]}}.
 */
@Command(name = "list", description = "List API tokens: name, role, created, revoked (secrets are not stored).")
final class TokensListCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @CommandLine.Option(names = "--all", description = "include revoked tokens")
    boolean all;

    @CommandLine.Option(names = "--json", description = "print the tokens as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            List<ApiToken> tokens = store.tokens().list().stream().filter(t -> all || t.active()).toList();
            if (json) {
                JsonOutput.printList(out, "tokens", tokens, TokensListCommand::json);
                return ExitCodes.OK;
            }
            if (tokens.isEmpty()) {
                out.println("no tokens (create one with 'loupe tokens create --name NAME --role ROLE')");
                return ExitCodes.OK;
            }
            TextTable t = new TextTable("NAME", "ROLE", "CREATED", "BY", "STATE");
            for (ApiToken k : tokens) {
                t.row(k.name(), k.role().label(), Format.time(k.created()), k.createdBy(),
                        k.revoked().map(at -> "revoked " + Format.time(at)).orElse("active"));
            }
            t.print(out, "");
        }
        return ExitCodes.OK;
    }

    private static ObjectNode json(ApiToken k) {
        ObjectNode n = JsonOutput.object().put("name", k.name()).put("role", k.role().label());
        JsonOutput.time(n, "created_at", k.created());
        n.put("created_by", k.createdBy()).put("active", k.active());
        return JsonOutput.time(n, "revoked_at", k.revoked().orElse(null));
    }
}

package dev.loupe.cli.tokens;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.models.Format;
import dev.loupe.core.auth.ApiTokens;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code loupe tokens revoke NAME}: the token stops working (within 5 s on running servers). */
@Command(name = "revoke", description = "Revoke an API token; running servers refuse it within 5 seconds.")
final class TokensRevokeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "NAME", description = "the token's name")
    String name;

    @CommandLine.Option(names = "--actor", paramLabel = "WHO", description = "who revokes it (default: the OS user)")
    String actor = Format.actor();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            new ApiTokens(store.tokens(), Clock.systemUTC()).revoke(name, actor)
                    .orElseThrow(() -> new UserException(ExitCodes.FAILED, "no active token named '" + name + "' (see 'loupe tokens list')"));
            spec.commandLine().getOut().printf("revoked token '%s'%n", name);
        }
        return ExitCodes.OK;
    }
}

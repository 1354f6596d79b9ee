package dev.loupe.cli.tokens;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.models.Format;
import dev.loupe.core.auth.ApiTokens;
import dev.loupe.core.auth.IssuedToken;
import dev.loupe.core.auth.Role;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code loupe tokens create}: issues a token and prints its secret, the only time it is shown. */
@Command(name = "create", description = "Create an API token and print it (once: only its hash is stored).")
final class TokensCreateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "unique among active tokens; recorded as the actor")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "device (infer, feedback), viewer (read), operator (promote, roll back, roll out), admin (tokens)")
    String role;

    @Option(names = "--actor", paramLabel = "WHO", description = "who creates it (default: the OS user)")
    String actor = Format.actor();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcMetadataStore store = MetadataStores.open(global.config())) {
            IssuedToken t;
            try {
                t = new ApiTokens(store.tokens(), Clock.systemUTC()).create(name, r, actor);
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, e.getMessage());
            }
            out.println(t.secret());
            out.flush();
            spec.commandLine().getErr().printf("token '%s' (%s) created; it is shown only now. Send it as"
                    + " 'Authorization: Bearer <token>' (MLflow clients: MLFLOW_TRACKING_TOKEN).%n", name, r.label());
        }
        return ExitCodes.OK;
    }
}

package dev.loupe.cli.tokens;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe tokens}: API tokens for the prediction server, the platform server and the console. */
@Command(name = "tokens", description = "Create, list and revoke API tokens (roles: device, viewer, operator, admin).",
        subcommands = {
                TokensCreateCommand.class,
                TokensListCommand.class,
                TokensRevokeCommand.class
        })
public final class TokensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

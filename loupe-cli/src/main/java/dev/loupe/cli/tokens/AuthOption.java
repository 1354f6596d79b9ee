package dev.loupe.cli.tokens;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Exposure;
import dev.loupe.core.store.MetadataStore;
import picocli.CommandLine.Option;

import java.util.function.Supplier;

/**
 * {@code --auth tokens|none} for the commands that listen ({@code serve}, {@code server}). By default
 * tokens are required unless the server binds a loopback address; {@code none} on any other address
 * is refused before anything is bound.
 */
public final class AuthOption {
    @Option(names = "--auth", paramLabel = "tokens|none", defaultValue = "${env:LOUPE_AUTH:-auto}",
            description = {"require API tokens (tokens) or not (none; loopback addresses only).",
                    "Default: tokens, except on a loopback address (env LOUPE_AUTH)."})
    String mode;

    /** Whether the server will need the token store. */
    public boolean tokens(String host) {
        return switch (mode) {
            case "tokens" -> true;
            case "none" -> false;
            case "auto" -> !Exposure.isLoopback(host);
            default -> throw new UserException(ExitCodes.USAGE, "--auth must be tokens or none, got '" + mode + "'");
        };
    }

    /**
     * The authenticator for a server on {@code host}; {@code store} is asked only when tokens are needed.
     *
     * @throws UserException (exit 3) when the host is not loopback and authentication is off
     */
    public Authenticator authenticator(String host, Supplier<MetadataStore> store) {
        Authenticator auth = tokens(host) ? Authenticator.tokens(store.get().tokens()) : Authenticator.none();
        try {
            Exposure.check(host, auth);
        } catch (Exposure.InsecureBindException e) {
            throw new UserException(ExitCodes.CONFIG, e.getMessage());
        }
        return auth;
    }
}

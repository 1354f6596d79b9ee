package dev.loupe.server.console;

import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The console's one authorisation point: every page asks for {@link Role#VIEWER}, every change for
 * {@link Role#OPERATOR}, through {@link Console}'s single check. The API's token authentication plugs
 * in here as another implementation.
 */
@FunctionalInterface
public interface ConsoleAuth {

    /** Who sent the request, or empty when nobody known did (the request is then refused). */
    Optional<Principal> principal(ServerRequest request);

    /** Where a browser without credentials is sent to give them; empty when there is no such page. */
    default Optional<String> loginPath() {
        return Optional.empty();
    }
}

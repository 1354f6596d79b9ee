package dev.loupe.server.serving;

import dev.loupe.serve.auth.HttpAuth;
import dev.loupe.server.console.ConsoleAuth;
import dev.loupe.server.console.Principal;
import dev.loupe.server.console.Role;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Locale;
import java.util.Optional;

/**
 * The caller check of the serving routes that check their caller themselves ({@code /metrics}, the serving
 * API), answering as the token filter does (docs/security.md): 401 with {@code WWW-Authenticate} when no
 * known caller sent the request (no token, an unknown or revoked one) and a token would help, 403 when the
 * caller's role is below what the route needs, each as {@code {"error": ...}}.
 */
final class Callers {
    private Callers() {
    }

    /** The caller when they may; otherwise empty, the refusal sent. */
    static Optional<Principal> admit(ConsoleAuth auth, Role needed, ServerRequest req, ServerResponse res) {
        Optional<Principal> known = auth.principal(req);
        String role = needed.name().toLowerCase(Locale.ROOT);
        if (known.isEmpty() && auth.loginPath().isPresent()) { // tokens are taken: a missing or unknown one is 401
            HttpAuth.refuse(res, Status.UNAUTHORIZED_401, "missing, unknown or revoked token: this needs the " + role + " role");
            return Optional.empty();
        }
        Optional<Principal> who = known.filter(p -> p.may(needed));
        if (who.isEmpty()) {
            HttpAuth.refuse(res, Status.FORBIDDEN_403, "not allowed: this needs the " + role + " role");
        }
        return who;
    }
}

package dev.loupe.core.auth;

/** The outcome of one authorisation check. Protocols map it: 401/403 over HTTP, UNAUTHENTICATED/PERMISSION_DENIED over gRPC. */
public sealed interface Access {

    /** The caller is known and may do what was asked. */
    record Granted(Principal principal) implements Access {
    }

    /** No valid token: missing, unknown, malformed or revoked. {@code reason} is safe to show the caller. */
    record Unauthenticated(String reason) implements Access {
    }

    /** A valid token whose role is below the one needed. */
    record Forbidden(Principal principal, Role needed) implements Access {
        public String reason() {
            return "token '" + principal.name() + "' has the " + principal.role().label() + " role; this needs "
                    + needed.label();
        }
    }
}

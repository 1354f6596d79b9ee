package dev.loupe.server.console;

import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.Authenticator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The console behind API tokens: the caller is the token's owner, the token coming from an
 * {@code Authorization} header (scripts) or the {@value #COOKIE} cookie the login page sets (browsers).
 * Roles map one to one onto the console's.
 */
public final class TokenConsoleAuth implements ConsoleAuth {
    /** HttpOnly, SameSite=Strict: scripts on a page cannot read it and other sites' requests do not carry it. */
    public static final String COOKIE = "loupe_token";

    private final Authenticator auth;

    public TokenConsoleAuth(Authenticator auth) {
        this.auth = auth;
    }

    @Override
    public Optional<Principal> principal(ServerRequest request) {
        String authorization = request.headers().first(HeaderNames.AUTHORIZATION)
                .or(() -> request.headers().cookies().first(COOKIE).map(t -> "Bearer " + t))
                .orElse(null);
        return identify(authorization);
    }

    /** The principal a token value (as the Authorization header carries it) stands for, if valid. */
    Optional<Principal> identify(String authorization) {
        // DEVICE is the lowest role: any valid token identifies its owner; the console then checks the role
        if (auth.check(authorization, dev.loupe.core.auth.Role.DEVICE) instanceof Access.Granted g) {
            return Optional.of(new Principal(g.principal().name(), Role.valueOf(g.principal().role().name())));
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> loginPath() {
        return Optional.of(LoginPage.PATH);
    }
}

package dev.loupe.serve.auth;

import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Principal;
import dev.loupe.core.auth.Role;
import dev.loupe.serve.rest.ErrorBody;
import dev.loupe.serve.rest.MethodRouting;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;
import java.util.function.Function;

/**
 * A Helidon filter that checks every request before routing: 401 with {@code WWW-Authenticate} without
 * a valid token, 403 when the token's role is below what the path needs, otherwise the request goes on
 * with its {@link Principal} in the request context ({@code req.context().get(Principal.class)}) for
 * handlers that record who acted. Errors are {@code {"error": "..."}}, as the OIP REST errors are.
 */
public final class HttpAuth implements Filter {
    private final Authenticator auth;
    private final Function<String, Optional<Role>> policy;

    /** @param policy the role a request path needs, empty for none (see {@link ServeAccess#forPath}) */
    public HttpAuth(Authenticator auth, Function<String, Optional<Role>> policy) {
        this.auth = auth;
        this.policy = policy;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<Role> needed = policy.apply(req.path().path());
        if (needed.isEmpty()) {
            chain.proceed();
            return;
        }
        Access access = auth.check(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), needed.get());
        switch (access) {
            case Access.Granted g -> {
                req.context().register(g.principal());
                chain.proceed();
            }
            case Access.Unauthenticated u -> refuse(MethodRouting.answering(req, res), Status.UNAUTHORIZED_401, u.reason());
            case Access.Forbidden f -> refuse(MethodRouting.answering(req, res), Status.FORBIDDEN_403, f.reason());
        }
    }

    /**
     * Sends a refusal as this filter does, for handlers that check their caller themselves: {@code {"error": ...}},
     * and {@code WWW-Authenticate: Bearer} on a 401.
     */
    public static void refuse(ServerResponse res, Status status, String message) {
        if (status == Status.UNAUTHORIZED_401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"loupe\"");
        }
        ErrorBody.send(res, status, message);
    }
}

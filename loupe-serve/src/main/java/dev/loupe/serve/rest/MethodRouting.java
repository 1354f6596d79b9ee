package dev.loupe.serve.rest;

import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts HTTP services with what Helidon 4 routing leaves out (RFC 9110, sections 9.3.2 and 15.5.6):
 * {@code HEAD} on a {@code GET} route answers as {@code GET} does, status, headers and {@code Content-Length}
 * included, without the body; a method a known path does not take is {@code 405} with {@code Allow} and
 * {@code {"error": ...}}, not {@code 404}. Generic: each service's routes are recorded as it registers them
 * ({@code rules.get(path, handler)} and the like), so a new route gets both without more code.
 */
public final class MethodRouting {
    /** The methods an {@code Allow} can name, in its order; {@code HEAD} comes with {@code GET}. */
    private static final List<Method> METHODS = List.of(Method.GET, Method.HEAD, Method.POST, Method.PUT, Method.PATCH,
            Method.DELETE, Method.OPTIONS);

    private record Route(Method method, PathMatcher path, Handler handler) {
        boolean matches(Method m, UriPath uri) {
            return method.equals(m) && path.match(uri).accepted();
        }
    }

    private MethodRouting() {
    }

    /**
     * Registers {@code services} on {@code routing}, a {@code HEAD} route beside each of their {@code GET} ones,
     * and after them a handler answering {@code 405} where a path is theirs but the method is not. Requests to
     * other paths go on to later routes (or Helidon's {@code 404}).
     *
     * @throws UnsupportedOperationException when a service registers a route other than by method and path pattern
     */
    public static void register(HttpRouting.Builder routing, List<HttpService> services) {
        List<Route> routes = routes(services);
        routing.register(services.toArray(HttpService[]::new));
        for (Route r : routes) {
            if (r.method().equals(Method.GET)) {
                routing.route(Method.HEAD, r.path(), (req, res) -> r.handler().handle(req, withoutBody(res)));
            }
        }
        RestErrors errors = new RestErrors(1);
        routing.any((req, res) -> {
            UriPath path = req.prologue().uriPath();
            List<String> allowed = METHODS.stream()
                    .filter(m -> routes.stream().anyMatch(r -> r.matches(m.equals(Method.HEAD) ? Method.GET : m, path)))
                    .map(Method::text).toList();
            if (allowed.isEmpty()) {
                res.next();
                return;
            }
            res.header(HeaderNames.ALLOW, String.join(", ", allowed));
            errors.send(answering(req, res), 405, "method " + req.prologue().method().text() + " is not allowed on "
                    + path.rawPath() + "; it takes " + String.join(", ", allowed));
        });
    }

    /** The routes of {@code services}, recorded by letting each register its rules here. */
    private static List<Route> routes(List<HttpService> services) {
        List<Route> routes = new ArrayList<>();
        HttpRules recorder = new HttpRules() {
            @Override
            public HttpRules register(HttpService... s) {
                for (HttpService service : s) {
                    service.routing(this);
                }
                return this;
            }

            @Override
            public HttpRules register(String pathPattern, HttpService... s) {
                throw new UnsupportedOperationException("services under a path prefix are not recorded: " + pathPattern);
            }

            @Override
            public HttpRules route(Method method, String pathPattern, Handler handler) {
                routes.add(new Route(method, PathMatchers.create(pathPattern), handler));
                return this;
            }

            @Override
            public HttpRules route(HttpRoute route) {
                throw new UnsupportedOperationException("only routes by method and path pattern are recorded: " + route);
            }
        };
        services.forEach(recorder::register);
        return routes;
    }

    /** {@code res}, without a body when {@code req} is a {@code HEAD}: for filters that answer before routing. */
    public static ServerResponse answering(ServerRequest req, ServerResponse res) {
        return req.prologue().method().equals(Method.HEAD) ? withoutBody(res) : res;
    }

    /**
     * {@code res} answering a {@code HEAD}: what a handler sends sets {@code Content-Length}, and an empty body
     * goes out (Helidon keeps a {@code Content-Length} already set). Every other call goes to {@code res}.
     */
    private static ServerResponse withoutBody(ServerResponse res) {
        return (ServerResponse) Proxy.newProxyInstance(MethodRouting.class.getClassLoader(), new Class<?>[]{ServerResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("send") && args != null && args.length >= 1) {
                        long length = switch (args[0]) {
                            case byte[] b -> args.length == 3 ? (int) args[2] : b.length;
                            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
                            default -> throw new UnsupportedOperationException("HEAD of a " + args[0].getClass().getName() + " entity");
                        };
                        res.headers().contentLength(length);
                        res.send(new byte[0]);
                        return null;
                    }
                    try {
                        Object result = method.invoke(res, args);
                        return result == res ? proxy : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

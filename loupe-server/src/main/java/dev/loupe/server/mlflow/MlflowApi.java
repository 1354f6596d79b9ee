package dev.loupe.server.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.auth.Access;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Role;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.tracking.TrackingStore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The MLflow REST API (tracking and model registry, {@code /api/2.0/mlflow/...}) over Loupe's
 * {@link TrackingStore} and {@link ModelRegistry}, so MLflow clients (the official Java client, the
 * Python client, anything speaking the REST API) log runs and register models into Loupe.
 *
 * <p>Errors answer as MLflow's do: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ...}}
 * with 404 for a missing record, 400 for an invalid parameter or an existing name, 404
 * {@code ENDPOINT_NOT_FOUND} for a path the API does not have, 500 for anything else.
 */
public final class MlflowApi {
    /** The prefix every MLflow client calls; the web UI's {@code ajax-api} prefix is served alike. */
    public static final String PREFIX = "/api/2.0/mlflow/";
    private static final String AJAX_PREFIX = "/ajax-api/2.0/mlflow/";
    private static final Logger LOG = Logger.getLogger(MlflowApi.class.getName());

    private final ObjectMapper json = new ObjectMapper();
    private final MlflowJson out = new MlflowJson(json);
    private final TrackingStore tracking;
    private final ModelRegistry registry;
    private final Authenticator auth;

    /** Without authentication: for a server on a loopback address. */
    public MlflowApi(TrackingStore tracking, ModelRegistry registry) {
        this(tracking, registry, Authenticator.none());
    }

    /**
     * Reads need {@link Role#VIEWER}, changes (log runs, register, move aliases) {@link Role#OPERATOR};
     * the token goes as {@code Bearer} ({@code MLFLOW_TRACKING_TOKEN}) or as the Basic password
     * ({@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}); the token's name is the audited actor.
     */
    public MlflowApi(TrackingStore tracking, ModelRegistry registry, Authenticator auth) {
        this.tracking = tracking;
        this.registry = registry;
        this.auth = auth;
    }

    /** Adds every endpoint to the routing. */
    public void register(HttpRouting.Builder routing) {
        Routes routes = new Routes(routing);
        new ExperimentEndpoints(tracking, out).register(routes);
        new RunEndpoints(tracking, out).register(routes);
        new RegisteredModelEndpoints(registry, out).register(routes);
        new ModelVersionEndpoints(registry, out).register(routes);
        for (String prefix : List.of(PREFIX, AJAX_PREFIX)) {
            routing.any(prefix + "*", (req, res) -> send(res, ErrorCode.ENDPOINT_NOT_FOUND.status,
                    out.error(ErrorCode.ENDPOINT_NOT_FOUND, "No API endpoint " + req.prologue().method().text() + " "
                            + req.path().path())));
        }
    }

    /** Registers endpoints under both prefixes, wrapped with request parsing and error mapping. */
    final class Routes {
        private final HttpRouting.Builder routing;

        private Routes(HttpRouting.Builder routing) {
            this.routing = routing;
        }

        void add(Method method, String path, Endpoint endpoint) {
            add(method, path, method == Method.GET ? Role.VIEWER : Role.OPERATOR, endpoint);
        }

        private void add(Method method, String path, Role needed, Endpoint endpoint) {
            Handler h = (req, res) -> handle(req, res, needed, endpoint);
            for (String prefix : List.of(PREFIX, AJAX_PREFIX)) {
                routing.route(method, prefix + path, h);
            }
        }

        /** GET and POST both: the Java client GETs what the Python client POSTs, and vice versa. */
        void read(String path, Endpoint endpoint) {
            add(Method.GET, path, Role.VIEWER, endpoint);
            add(Method.POST, path, Role.VIEWER, endpoint);
        }
    }

    private void handle(ServerRequest req, ServerResponse res, Role needed, Endpoint endpoint) {
        ObjectNode body;
        int status = 200;
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        String actor;
        switch (auth.check(authorization, needed)) {
            case Access.Granted g -> actor = auth.required() ? g.principal().name() : MlflowRequest.actorOf(authorization);
            case Access.Unauthenticated u -> {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"loupe\"");
                send(res, ErrorCode.UNAUTHENTICATED.status, out.error(ErrorCode.UNAUTHENTICATED, u.reason()));
                return;
            }
            case Access.Forbidden f -> {
                send(res, ErrorCode.PERMISSION_DENIED.status, out.error(ErrorCode.PERMISSION_DENIED, f.reason()));
                return;
            }
        }
        try {
            String text = req.content().hasEntity() ? req.content().as(String.class) : "";
            Map<String, List<String>> query = req.query().toMap();
            body = endpoint.handle(MlflowRequest.of(json, text, query, actor));
        } catch (MlflowException e) {
            status = e.code.status;
            body = out.error(e.code, e.getMessage());
        } catch (NotFoundException e) {
            status = ErrorCode.RESOURCE_DOES_NOT_EXIST.status;
            body = out.error(ErrorCode.RESOURCE_DOES_NOT_EXIST, e.getMessage());
        } catch (AlreadyExistsException e) {
            status = ErrorCode.RESOURCE_ALREADY_EXISTS.status;
            body = out.error(ErrorCode.RESOURCE_ALREADY_EXISTS, e.getMessage());
        } catch (IllegalArgumentException e) {
            status = ErrorCode.INVALID_PARAMETER_VALUE.status;
            body = out.error(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MLflow API " + req.path().path() + " failed", e);
            status = ErrorCode.INTERNAL_ERROR.status;
            body = out.error(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getMessage()));
        }
        send(res, status, body);
    }

    private void send(ServerResponse res, int status, ObjectNode body) {
        try {
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON response", e);
        }
    }
}

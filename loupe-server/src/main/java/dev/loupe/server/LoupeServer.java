package dev.loupe.server;

import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Exposure;
import dev.loupe.serve.PortBindException;
import dev.loupe.serve.auth.BrowserGuard;
import dev.loupe.serve.auth.HttpAuth;
import dev.loupe.serve.rest.Drain;
import dev.loupe.server.auth.ServerAccess;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.server.console.Console;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.server.mlflow.MlflowApi;
import dev.loupe.server.serving.Serving;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.util.Objects;

/**
 * The Loupe platform server: the tracking and registry API (MLflow REST API under
 * {@value MlflowApi#PREFIX}) and, when given the blob store, the web console at {@code /}; with a
 * {@link Serving}, prediction serving in the same routing (one port for REST).
 *
 * <p>Helidon SE on virtual threads: each request runs on its own virtual thread, so store calls
 * block freely. The server does not own the stores: whoever opened them closes them after
 * {@link #close()}, which stops the server.
 */
public final class LoupeServer implements AutoCloseable {

    /**
     * Where the server listens and who may call it.
     *
     * @param host the address to bind, {@code 127.0.0.1} by default
     * @param port the port, 0 for any free port
     * @param auth checks every API call; {@link Authenticator#none()} only on a loopback host
     */
    public record Config(String host, int port, Authenticator auth) {
        /** No authentication: loopback hosts only. */
        public Config(String host, int port) {
            this(host, port, Authenticator.none());
        }

        public Config {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
        }
    }

    /** Larger request bodies get 413 before anything reads them (MLflow's log-batch bodies are far smaller). */
    public static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    private final WebServer server;
    private final String host;
    private final Serving serving;
    private final java.util.List<AutoCloseable> owned = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Drain drain;

    private LoupeServer(WebServer server, Drain drain, String host, Serving serving) {
        this.server = server;
        this.drain = drain;
        this.host = host;
        this.serving = serving;
    }

    /**
     * The API routes only (no console), over the metadata store, behind the {@link BrowserGuard}; tests build
     * servers from this too.
     */
    public static void routing(HttpRouting.Builder routing, MetadataStore store, Authenticator auth) {
        routing.addFilter(new BrowserGuard(auth));
        new MlflowApi(store.tracking(), store.registry(), auth).register(routing);
    }

    /** Every route of the server: the API and the web console, behind the {@link BrowserGuard} and the token filter. */
    public static void routing(HttpRouting.Builder routing, MetadataStore store, BlobStore blobs, ConsoleConfig console,
                               Authenticator auth) {
        routing.addFilter(new BrowserGuard(auth));
        routing.addFilter(new HttpAuth(auth, ServerAccess::forPath));
        new MlflowApi(store.tracking(), store.registry(), auth).register(routing);
        new dev.loupe.server.edge.EdgeApi(store, blobs).register(routing);
        Console.register(routing, store, blobs, console);
    }

    /**
     * Starts listening; returns once the port is bound.
     *
     * @throws PortBindException (a {@link java.io.UncheckedIOException} whose cause is a {@link java.net.BindException})
     *                              when the address cannot be bound; checked before Helidon binds it, since
     *                              Helidon logs a failed bind with its stack trace and carries on
     * @throws Exposure.InsecureBindException when the host is not loopback and the config's
     *                              authenticator requires nothing; checked before binding
     */
    public static LoupeServer start(Config config, MetadataStore store) {
        return start(config, r -> routing(r, store, config.auth()));
    }

    /** Starts the API and the web console; returns once the port is bound (see {@link #start(Config, MetadataStore)}). */
    public static LoupeServer start(Config config, MetadataStore store, BlobStore blobs, ConsoleConfig console) {
        return start(config, r -> routing(r, store, blobs, console, config.auth()));
    }

    /**
     * Starts the API, the web console and prediction serving ({@link Serving}: the registry's champions over
     * OIP v2 REST, {@code /inspect}, the serving API and {@code /metrics} on this port; gRPC on its own).
     * The server owns {@code serving} and closes it after the listener stops.
     */
    public static LoupeServer start(Config config, MetadataStore store, BlobStore blobs, ConsoleConfig console, Serving serving) {
        try {
            return start(config, r -> {
                routing(r, store, blobs, console, config.auth());
                serving.register(r);
            }, serving);
        } catch (RuntimeException e) {
            serving.close();
            throw e;
        }
    }

    private static LoupeServer start(Config config, java.util.function.Consumer<HttpRouting.Builder> routes) {
        return start(config, routes, null);
    }

    private static LoupeServer start(Config config, java.util.function.Consumer<HttpRouting.Builder> routes, Serving serving) {
        Exposure.check(config.host(), config.auth());
        PortBindException.requireFree(PortBindException.Listener.REST, config.host(), config.port());
        Drain drain = new Drain();
        var builder = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .maxPayloadSize(MAX_REQUEST_BYTES)
                .shutdownHook(false) // Helidon's own hook would stop the listener at SIGTERM before it drains
                .routing(r -> routes.accept(r.addFilter(drain)));
        if (serving != null) {
            serving.configure(builder);
        }
        WebServer server = builder.build().start();
        if (!server.isRunning()) { // the port was taken after requireFree: Helidon has logged why
            server.stop();
            throw PortBindException.of(PortBindException.Listener.REST, config.host(), config.port(),
                    new java.net.BindException("Helidon did not start the listener; its log above says why"));
        }
        return new LoupeServer(server, drain, config.host(), serving);
    }

    /** Prediction serving, when started with it. */
    public java.util.Optional<Serving> serving() {
        return java.util.Optional.ofNullable(serving);
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /**
     * Hands the server a resource to close when it closes: before the listener and serving stop, newest
     * first (e.g. the retraining triggers' watcher, whose runs use serving's roll-out). A resource that
     * fails to close does not stop the others.
     */
    public void own(AutoCloseable resource) {
        owned.add(Objects.requireNonNull(resource, "resource"));
    }

    /** Drains the listener for up to {@link Drain#DEFAULT_TIMEOUT}, then stops; see {@link #close(java.time.Duration)}. */
    @Override
    public void close() {
        close(Drain.DEFAULT_TIMEOUT);
    }

    /**
     * Stops: requests already sent are answered first ({@link Drain}, for up to {@code drainTimeout}), then the
     * owned resources close, newest first, then the listener and serving stop.
     */
    public void close(java.time.Duration drainTimeout) {
        drain.drain(drainTimeout);
        for (AutoCloseable r : owned.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(LoupeServer.class).warn("closing {}: {}", r, e.toString());
            }
        }
        owned.clear();
        server.stop();
        if (serving != null) {
            serving.close();
        }
    }
}

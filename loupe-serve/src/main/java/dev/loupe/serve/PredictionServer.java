package dev.loupe.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.Exposure;
import dev.loupe.serve.auth.GrpcAuth;
import dev.loupe.serve.auth.BrowserGuard;
import dev.loupe.serve.auth.HttpAuth;
import dev.loupe.serve.auth.ServeAccess;
import dev.loupe.serve.grpc.OipGrpcService;
import dev.loupe.serve.infer.InferenceQueue;
import dev.loupe.serve.infer.Inferencer;
import dev.loupe.serve.infer.Inspector;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.metrics.ServingMetrics;
import io.helidon.webserver.http.HttpService;
import java.time.Duration;
import dev.loupe.serve.model.ModelCatalog;
import dev.loupe.serve.rest.Drain;
import dev.loupe.serve.rest.InspectService;
import dev.loupe.serve.rest.MethodRouting;
import dev.loupe.serve.rest.MetricsService;
import dev.loupe.serve.rest.TransportErrors;
import dev.loupe.serve.rest.V2Service;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running prediction server: Open Inference Protocol v2 over REST (Helidon SE, a virtual thread per
 * request) and gRPC (grpc-java), and the plain image endpoint {@code /v1/models/{m}/inspect}, all in
 * front of one bounded {@link InferenceQueue}; Prometheus metrics of both on {@code /metrics} ({@link ServingMetrics}). Wiring only; the protocols live in their packages.
 *
 * <p>{@link #close()} first drains the REST listener ({@link Drain}: requests already sent are answered, each
 * connection closed after its answer), then stops both listeners (gRPC lets its calls in flight finish), then the
 * inference threads, then closes the resources the server was given to own (the loaded models).
 */
public final class PredictionServer implements AutoCloseable {

    private final WebServer http;
    private final Server grpc;
    private final InferenceQueue queue;
    private final Inspector inspector;
    private final List<AutoCloseable> owned;
    private final Drain drain;

    private PredictionServer(WebServer http, Drain drain, Server grpc, InferenceQueue queue, Inspector inspector,
                             List<AutoCloseable> owned) {
        this.http = http;
        this.drain = drain;
        this.grpc = grpc;
        this.queue = queue;
        this.inspector = inspector;
        this.owned = owned;
    }

    /** A JSON mapper tuned for tensors: they are mostly numbers, and Jackson's fast double parser/writer cut their cost. */
    public static ObjectMapper json() {
        return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build());
    }

    /** The REST protocols (OIP v2 and {@code /inspect}), for mounting into a Helidon routing. */
    public static List<HttpService> restServices(Inferencer inferencer, Inspector inspector, ObjectMapper json, Duration retryAfter) {
        return List.of(new V2Service(inferencer, json, retryAfter.toSeconds()),
                new InspectService(inspector, json, retryAfter.toSeconds()));
    }

    /** {@link #startGrpc(ServeConfig, Inferencer, Authenticator)} without authentication: loopback only. */
    public static Server startGrpc(ServeConfig config, Inferencer inferencer) {
        return startGrpc(config, inferencer, Authenticator.none());
    }

    /**
     * Starts the OIP gRPC service on {@code config}'s host and gRPC port; every call but liveness and
     * readiness passes {@code auth} ({@link ServeAccess#forGrpc}).
     *
     * <p>Calls run on the transport's event loop (no executor): every handler is quick, and ModelInfer
     * infers right there when an inference permit is free (at most one inference per permit blocks an
     * event loop, never a wait for a turn), else hands its work to the inference queue and answers from
     * there: a request crosses threads at most twice instead of four times through an executor. A call
     * whose token is not in the authenticator's cache runs on a virtual thread of its own instead
     * ({@link GrpcAuth#executors}): its check reads the token store, which must not block the event loop.
     *
     * @throws PortBindException when the gRPC port cannot be bound
     */
    public static Server startGrpc(ServeConfig config, Inferencer inferencer, Authenticator auth) {
        Exposure.check(config.host(), auth);
        PortBindException.requireFree(PortBindException.Listener.GRPC, config.host(), config.grpcPort());
        GrpcAuth guard = new GrpcAuth(auth, ServeAccess::forGrpc);
        try {
            return NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
                    .directExecutor()
                    .callExecutor(guard.executors(task -> Thread.ofVirtual().name("loupe-grpc-token-check").start(task)))
                    .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, config.maxRequestBytes()))
                    .addService(OipGrpcService.intercepted(inferencer, guard))
                    .build()
                    .start();
        } catch (IOException e) {
            throw PortBindException.of(PortBindException.Listener.GRPC, config.host(), config.grpcPort(), e);
        }
    }

    /**
     * Starts serving without authentication: only on a loopback address.
     *
     * @throws Exposure.InsecureBindException when the host is not a loopback address (nothing is bound)
     * @see #start(ServeConfig, ModelCatalog, ServingObserver, List, Authenticator)
     */
    public static PredictionServer start(ServeConfig config, ModelCatalog models, List<AutoCloseable> owned) {
        return start(config, models, ServingObserver.NONE, owned, Authenticator.none());
    }

    /** Starts serving without authentication (loopback only), telling {@code observer} of every answer and failure. */
    public static PredictionServer start(ServeConfig config, ModelCatalog models, ServingObserver observer, List<AutoCloseable> owned) {
        return start(config, models, observer, owned, Authenticator.none());
    }

    /**
     * Starts serving, telling {@code observer} of every answer and failure (as the server's own
     * {@link ServingMetrics} are); every request but liveness and readiness passes {@code auth} ({@link ServeAccess}).
     *
     * @param owned closed by {@link #close()} after the server has stopped (e.g. the models' runtimes)
     * @throws Exposure.InsecureBindException when the host is not a loopback address and {@code auth}
     *                                        requires nothing; checked before anything is bound
     * @throws PortBindException             when a port cannot be bound (both are checked before either binds)
     */
    public static PredictionServer start(ServeConfig config, ModelCatalog models, ServingObserver observer, List<AutoCloseable> owned,
                                         Authenticator auth) {
        Exposure.check(config.host(), auth);
        PortBindException.requireFree(PortBindException.Listener.REST, config.host(), config.httpPort());
        if (config.grpcPort() >= 0) {
            PortBindException.requireFree(PortBindException.Listener.GRPC, config.host(), config.grpcPort());
        }
        InferenceQueue queue = new InferenceQueue(config.threads(), config.queueCapacity(), config.retryAfter());
        ServingMetrics metrics = new ServingMetrics();
        ServingObserver told = ServingObserver.servedNames(models, ServingObserver.both(metrics, observer));
        Inferencer inferencer = new Inferencer(models, queue, told);
        Inspector inspector = new Inspector(models, queue, config.maxBatch(), told);
        ObjectMapper json = json();
        WebServer http = null;
        Drain drain = new Drain();
        try {
            List<HttpService> services = new java.util.ArrayList<>(restServices(inferencer, inspector, json, config.retryAfter()));
            services.add(new MetricsService(metrics, queue));
            http = WebServer.builder()
                    .host(config.host())
                    .port(config.httpPort())
                    .maxPayloadSize(config.maxRequestBytes())
                    .shutdownHook(false) // Helidon's own hook would stop the listener at SIGTERM before it drains
                    .directHandlers(TransportErrors.handlers(config.maxRequestBytes(), told))
                    .routing(r -> MethodRouting.register(r.addFilter(drain).addFilter(new BrowserGuard(auth))
                            .addFilter(new HttpAuth(auth, ServeAccess::forPath)), services))
                    .build()
                    .start();
            if (!http.isRunning()) { // Helidon logs a failed bind and returns a stopped server
                throw PortBindException.of(PortBindException.Listener.REST, config.host(), config.httpPort(),
                        new java.net.BindException("Helidon did not start the listener; its log above says why"));
            }
            Server grpc = null;
            if (config.grpcPort() >= 0) {
                grpc = startGrpc(config, inferencer, auth);
            }
            return new PredictionServer(http, drain, grpc, queue, inspector, List.copyOf(owned));
        } catch (RuntimeException e) {
            inspector.close();
            stopQuietly(http, queue);
            throw e;
        }
    }

    /** The bound REST port. */
    public int httpPort() {
        return http.port();
    }

    /** The bound gRPC port, -1 when gRPC is off. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.getPort();
    }

    /** The inference queue, for observing load. */
    public InferenceQueue queue() {
        return queue;
    }

    /** Drains the REST listener for up to {@link Drain#DEFAULT_TIMEOUT}, then stops; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Drain.DEFAULT_TIMEOUT);
    }

    /**
     * Stops serving: the REST listener drains for up to {@code drainTimeout} ({@link Drain}), gRPC stops taking
     * calls and finishes those in flight (up to 5 s), the REST listener stops, then the inference threads and the
     * owned resources.
     */
    public void close(Duration drainTimeout) {
        drain.drain(drainTimeout);
        if (grpc != null) {
            grpc.shutdown();
            try {
                if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                    grpc.shutdownNow();
                }
            } catch (InterruptedException e) {
                grpc.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        stopQuietly(http, queue);
        inspector.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c + " failed", e);
            }
        }
    }

    private static void stopQuietly(WebServer http, InferenceQueue queue) {
        if (http != null) {
            http.stop();
        }
        queue.close();
    }
}

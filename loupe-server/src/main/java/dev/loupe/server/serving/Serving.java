package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.monitor.alert.AlertSink;
import dev.loupe.monitor.alert.LogAlertSink;
import dev.loupe.monitor.alert.WebhookAlertSink;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.monitor.log.PredictionRecorder;
import dev.loupe.monitor.reference.References;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.infer.InferenceQueue;
import dev.loupe.serve.infer.Inferencer;
import dev.loupe.serve.infer.Inspector;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.metrics.ServingMetrics;
import dev.loupe.serve.model.LiveModels;
import dev.loupe.serve.rest.MethodRouting;
import dev.loupe.serve.rest.TransportErrors;
import dev.loupe.server.console.ConsoleAuth;
import io.grpc.Server;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prediction serving inside {@code loupe server}: the registry's champions (and roll-out challengers)
 * served through loupe-serve's one inference path, OIP v2 REST and {@code /inspect} mounted into the
 * server's routing, gRPC on its own port, prediction logging and live monitoring, the serving API
 * ({@code /v1/feedback}, {@code /v1/models/{m}/rollout}, {@code /v1/models/{m}/monitor}) and
 * {@code /metrics}. Wiring only.
 *
 * <p>Owns its threads, models, recorder and gRPC server; not the stores. {@link #close()} after the HTTP
 * listener has stopped: gRPC, inference, polling, the models, then the recorder (which writes what it holds).
 */
public final class Serving implements AutoCloseable {

    private final ServingConfig config;
    private final InferenceQueue queue;
    private final Inspector inspector;
    private final LiveModels live;
    private final RegistryModels registryModels;
    private final Optional<PredictionRecorder> recorder;
    private final List<WebhookAlertSink> webhooks;
    private final List<HttpService> services;
    private final ServerRollout rollout;
    private final ObjectMapper json;
    private final ServingTelemetry telemetry;
    private final ServingObserver observed; // the telemetry, failures under served names only
    private Server grpc;
    private final LiveMonitors monitors;

    private Serving(ServingConfig config, MetadataStore store, BlobStore blobs, ConsoleAuth auth, List<String> labels,
                    Authenticator grpcAuth) {
        if (config.serve().grpcPort() >= 0) {
            dev.loupe.core.auth.Exposure.check(config.serve().host(), grpcAuth); // before any thread or model exists
        }
        this.config = config;
        this.json = PredictionServer.json();
        ServingMetrics metrics = new ServingMetrics();
        ArmFigures arms = new ArmFigures();
        this.webhooks = config.webhooks().stream().map(WebhookAlertSink::of).toList();
        List<AlertSink> sinks = new ArrayList<>();
        sinks.add(new LogAlertSink());
        sinks.addAll(webhooks);
        this.monitors = new LiveMonitors(new References(store.monitoring(), blobs), store.monitoring(), config.monitor(),
                config.alertRules(), sinks, config.alertHold(), config.pollInterval(), config.clock());
        this.recorder = config.logPredictions()
                ? Optional.of(new PredictionRecorder(store.predictions(), new LoggedImages(blobs, store.packedImages()), config.recorder(),
                        monitors::accept))
                : Optional.empty();
        recorder.ifPresent(monitors::recorder);
        this.telemetry = new ServingTelemetry(metrics, arms, recorder, config.clock());
        this.queue = new InferenceQueue(config.serve().threads(), config.serve().queueCapacity(), config.serve().retryAfter());
        Inspector[] inspectorRef = new Inspector[1];
        this.live = new LiveModels(RegistryModels.loader(store.registry(), new ModelResolver(Optional.of(store.registry()), blobs),
                config.policy()), m -> {
            if (inspectorRef[0] != null) {
                inspectorRef[0].forget(m);
            }
        });
        this.observed = ServingObserver.servedNames(live, telemetry);
        Inferencer inferencer = new Inferencer(live, queue, observed);
        this.inspector = new Inspector(live, queue, config.serve().maxBatch(), observed);
        inspectorRef[0] = inspector;
        this.registryModels = new RegistryModels(store.registry(), store.rollouts(), live, config.pollInterval(), arms::reset);
        this.rollout = new ServerRollout(store, registryModels, arms, config.clock());
        List<HttpService> all = new ArrayList<>(PredictionServer.restServices(inferencer, inspector, json, config.serve().retryAfter()));
        all.add(new ServingApi(json, auth, store, live, registryModels, arms, monitors, telemetry, labels, config.clock()));
        all.add(new MetricsService(auth, metrics, queue, live, recorder, monitors, telemetry));
        this.services = List.copyOf(all);
        if (config.serve().grpcPort() >= 0) {
            try {
                grpc = PredictionServer.startGrpc(config.serve(), inferencer, grpcAuth);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * Loads the registry's champions and starts gRPC.
     *
     * @param auth   who may send images and feedback (device), read (viewer), change roll-outs (operator)
     * @param labels labels feedback may give besides the served models' own (the project's)
     * @throws dev.loupe.serve.PortBindException when the gRPC port cannot be bound
     */
    public static Serving start(ServingConfig config, MetadataStore store, BlobStore blobs, ConsoleAuth auth, List<String> labels) {
        return start(config, store, blobs, auth, labels, Authenticator.none());
    }

    /**
     * As {@link #start(ServingConfig, MetadataStore, BlobStore, ConsoleAuth, List)}, with gRPC calls checked
     * by {@code grpcAuth} (metadata {@code authorization}; the same tokens as the HTTP side).
     *
     * @throws dev.loupe.core.auth.Exposure.InsecureBindException when gRPC would listen beyond loopback
     *                                                             without authentication
     */
    public static Serving start(ServingConfig config, MetadataStore store, BlobStore blobs, ConsoleAuth auth, List<String> labels,
                                Authenticator grpcAuth) {
        return new Serving(config, store, blobs, auth, labels, grpcAuth);
    }

    /**
     * Adds the REST routes: OIP v2, {@code /inspect}, the serving API and {@code /metrics}, with {@code HEAD} on
     * their {@code GET}s and {@code 405} for a method they do not take ({@link MethodRouting}); after the other routes.
     */
    public void register(HttpRouting.Builder routing) {
        MethodRouting.register(routing, services);
    }

    /** What the HTTP listener needs for serving: the request size limit and its 413/400 answers. */
    public void configure(WebServerConfig.Builder server) {
        server.maxPayloadSize(config.serve().maxRequestBytes())
                .directHandlers(TransportErrors.handlers(config.serve().maxRequestBytes(), observed));
    }

    /** The bound gRPC port, -1 when gRPC is off. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.getPort();
    }

    /** Reads the registry and the roll-out plans now instead of at the next poll. */
    public void refresh() {
        registryModels.refresh();
    }

    /** The models served now, by name. */
    public List<String> served() {
        return registryModels.served();
    }

    /** The live monitors (for tests in this package). */
    LiveMonitors monitors() {
        return monitors;
    }

    /** The continuous-training pipeline's roll-out port, over this server's registry and figures. */
    public Rollout rollout() {
        return rollout;
    }

    @Override
    public void close() {
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
        inspector.close();
        queue.close();
        registryModels.close();
        live.close();
        recorder.ifPresent(PredictionRecorder::close);
        webhooks.forEach(WebhookAlertSink::close);
    }
}

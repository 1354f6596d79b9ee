package dev.loupe.cli.server;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.tokens.AuthOption;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.auth.ConsoleSessions;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.store.BlobStore;
import dev.loupe.monitor.log.Retention;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.server.console.TokenConsoleAuth;
import dev.loupe.server.mlflow.MlflowApi;
import dev.loupe.server.retention.RetentionSchedule;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code loupe server}: runs the platform server (the API and the web console) on the configured stores
 * until interrupted (Ctrl-C or SIGTERM), then stops it and closes the stores. The project file ({@code --project},
 * else {@code ./loupe.yaml} when present) gives the console's review labels (positive first), the decision section
 * over the served models' own, and the automatic retraining triggers the server runs.
 */
@Command(name = "server", description = "Run the Loupe server (web console, MLflow tracking and registry API) on the configured stores.")
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = "--host", paramLabel = "ADDR", description = "address to listen on (default: 127.0.0.1; 0.0.0.0 for all)")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "port (default: 8080; 0 for any free port)")
    int port = 8080;

    @Option(names = "--project", paramLabel = "FILE", description = "project file (default: ./loupe.yaml if present): its labels are "
            + "the ones reviewers give, its decision section (threshold, review_band, stop_line) overrides the served "
            + "models' own, its enabled automatic retraining triggers run in this server (see --triggers)")
    Path project;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "OIP gRPC port for the served models (default: 8081; 0 any free, -1 none)")
    int grpcPort = 8081;

    @CommandLine.Mixin
    dev.loupe.cli.serve.ServingOptions inference = new dev.loupe.cli.serve.ServingOptions();

    @Option(names = "--poll-interval", paramLabel = "SECONDS", description = "how often the registry's aliases and roll-outs are read (default: 2)")
    double pollSeconds = 2;

    @Option(names = "--prediction-logging", paramLabel = "on|off", description = "log and monitor every served prediction (default: on)")
    String logging = "on";

    @Option(names = "--alert", paramLabel = "RULE", description = "alert rule for every monitored model, repeatable (default: drift(X) per detector)")
    List<String> alerts = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "URL", description = "where firing and resolved alerts are posted, repeatable")
    List<java.net.URI> webhooks = new ArrayList<>();

    @Option(names = "--triggers", paramLabel = "on|off", description = "run the project's automatic retraining triggers (retraining.triggers) in this server (default: on when a project file enables one)")
    String triggers = "on";

    @Option(names = "--trigger-interval", paramLabel = "DURATION", description = "how often the retraining triggers are evaluated (default: 30s)")
    String triggerInterval = "30s";

    @Option(names = "--retention-days", paramLabel = "D", description = "delete logged predictions older than D days, and their"
            + " images nothing else uses, a minute after start and then daily (default: keep everything; see loupe monitor retention)")
    Integer retentionDays;

    @CommandLine.Mixin
    AuthOption auth;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // Retraining here shares the cores with serving: one PyTorch thread, since two OpenMP threads on a
        // busy 2-core machine spin at barriers for each other (an epoch measured 7x slower). An explicit
        // -Dai.djl.pytorch.num_threads still wins; `loupe train` on an idle machine keeps two.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (!List.of("on", "off").contains(triggers)) {
            throw new UserException(ExitCodes.USAGE, "--triggers takes on or off, got " + triggers);
        }
        java.time.Duration every = dev.loupe.cli.pipeline.ServerTriggers.interval("--trigger-interval", triggerInterval);
        if (retentionDays != null && retentionDays < 1) {
            throw new UserException(ExitCodes.USAGE, "--retention-days must be at least 1 (got " + retentionDays + ")");
        }
        ConsoleConfig console = ConsoleConfig.defaults().withLabels(labels());
        JdbcMetadataStore store = MetadataStores.open(global.config());
        BlobStore blobs;
        LoupeServer.Config config;
        try {
            Authenticator authenticator = auth.authenticator(host, () -> store);
            if (authenticator.required()) {
                console = console.withAuth(new TokenConsoleAuth(authenticator, store.tokens(),
                        new ConsoleSessions(store.sessions(), Clock.systemUTC())));
            }
            config = new LoupeServer.Config(host, port, authenticator);
            blobs = BlobStores.open(global.config());
        } catch (IllegalArgumentException e) {
            store.close();
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        dev.loupe.server.serving.ServingConfig serving;
        try {
            inference.drainTimeout(); // checked before anything starts
            serving = dev.loupe.server.serving.ServingConfig.defaults()
                    .withServe(inference.apply(dev.loupe.serve.ServeConfig.defaults().withHost(host).withPorts(0, grpcPort)))
                    .withPollInterval(java.time.Duration.ofMillis((long) (pollSeconds * 1000)))
                    .withLogging(switch (logging) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--prediction-logging takes on or off, got " + logging);
                    }, dev.loupe.monitor.log.RecorderConfig.defaults())
                    .withAlerts(alerts, webhooks)
                    .withPolicy(policy());
        } catch (IllegalArgumentException e) {
            blobs.close();
            store.close();
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        LoupeServer server;
        try {
            // before the models load and gRPC binds: a REST port in use fails at once, not after all of that
            dev.loupe.serve.PortBindException.requireFree(dev.loupe.serve.PortBindException.Listener.REST, host, port);
            server = LoupeServer.start(config, store, blobs, console,
                    dev.loupe.server.serving.Serving.start(serving, store, blobs, console.auth(), console.labels(),
                            config.auth()));
        } catch (dev.loupe.serve.PortBindException e) {
            blobs.close();
            store.close();
            throw dev.loupe.cli.serve.ServingOptions.bindFailure(e);
        } catch (RuntimeException e) {
            blobs.close();
            store.close();
            throw e;
        }
        String retraining;
        try {
            retraining = startTriggers(server, store, blobs, every);
        } catch (RuntimeException e) {
            server.close();
            blobs.close();
            store.close();
            throw e;
        }
        if (retentionDays != null) {
            server.own(RetentionSchedule.start(new Retention(java.time.Duration.ofDays(retentionDays), Clock.systemUTC()), store, blobs,
                    RetentionSchedule.FIRST_RUN, RetentionSchedule.PERIOD, r -> {
                        // on stdout with the start-up lines: the log shows Loupe's warnings only, unless --verbose
                        out.printf(java.util.Locale.ROOT, "retention: deleted %d predictions made before %s; freed %.1f MiB of their"
                                        + " images (%d packs, %d images stored on their own); swept %d packs no prediction refers"
                                        + " to any more, %.1f MiB%n", r.deleted(), r.cutoff(),
                                r.images().bytes() / (1024.0 * 1024.0), r.images().packs(), r.images().ownBlobs(),
                                r.swept().packs(), r.swept().bytes() / (1024.0 * 1024.0));
                        out.flush();
                    }));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close(inference.drainTimeout());
            blobs.close();
            store.close();
            stopped.countDown();
        }, "loupe-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("Loupe server listening on %s%n", server.url());
        out.printf("  console    %s/%n", server.url());
        out.printf("  metadata   %s %s%n", store.backend(), store.location());
        out.printf("  blobs      %s%n", blobs.location());
        out.printf("  MLflow API %s%s  (MLFLOW_TRACKING_URI=%s)%n", server.url(), MlflowApi.PREFIX, server.url());
        server.serving().ifPresent(sv -> {
            out.printf("  serving    %s/v2, %s/v1/models/NAME/inspect, %s/metrics%s%n", server.url(), server.url(), server.url(),
                    sv.grpcPort() >= 0 ? ", gRPC " + host + ":" + sv.grpcPort() : "");
            out.printf("  models     %s (each model's champion; the registry is read every %s s)%n", sv.served(), pollSeconds);
            out.printf("  inference  %d threads, queue %d, /inspect batches up to %d%n", serving.serve().threads(),
                    serving.serve().queueCapacity(), serving.serve().maxBatch());
        });
        out.printf("  retraining %s%n", retraining);
        out.printf("  retention  %s%n", retentionDays == null ? "off: every prediction and kept image stays (--retention-days D)"
                : "predictions older than " + retentionDays + " days and their unused images deleted daily, first in "
                + RetentionSchedule.FIRST_RUN.toMinutes() + " min");
        out.printf("  auth       %s%n", config.auth().required()
                ? "API tokens (Bearer, or Basic with the token as password; console: sign in at /login)"
                : "off (loopback only)");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /**
     * Starts the project's automatic retraining triggers in the server (owned by it, closed with it), when a
     * project file enables one and {@code --triggers} is on.
     *
     * @return what runs, for the start-up lines
     */
    private String startTriggers(LoupeServer server, JdbcMetadataStore store, BlobStore blobs, java.time.Duration every) {
        Path file = project != null ? project : Path.of("loupe.yaml");
        if (triggers.equals("off") || !Files.exists(file) || server.serving().isEmpty()) {
            return "automatic triggers off" + (triggers.equals("off") ? " (--triggers off)"
                    : Files.exists(file) ? "" : " (no project file " + file + ")") + "; loupe pipeline run starts a run";
        }
        Project p = ProjectFile.load(file);
        var watcher = dev.loupe.cli.pipeline.ServerTriggers.start(store, blobs, p, server.serving().get().rollout(), every);
        if (watcher.isEmpty()) {
            return "automatic triggers off (none enabled in retraining.triggers of " + file + ")";
        }
        server.own(watcher.get());
        return dev.loupe.cli.pipeline.ServerTriggers.describe(p) + " (checked every " + triggerInterval
                + "; runs shadow and canary on this server's traffic)";
    }

    /** The project's decision section over each model's own policy, when a project file is there. */
    private java.util.function.UnaryOperator<dev.loupe.core.decision.DecisionPolicy> policy() {
        Path file = project != null ? project : Path.of("loupe.yaml");
        if (!Files.exists(file)) {
            return java.util.function.UnaryOperator.identity();
        }
        Project p = ProjectFile.load(file);
        return modelPolicy -> dev.loupe.core.decision.DecisionSection.apply(p, modelPolicy);
    }

    /** The project's labels, positive first; the console's defaults without a project file. */
    private List<String> labels() {
        Path file = project != null ? project : Path.of("loupe.yaml");
        if (project == null && !Files.exists(file)) {
            return ConsoleConfig.DEFAULT_LABELS;
        }
        Project p = ProjectFile.load(file);
        List<String> labels = new ArrayList<>(p.labelNames());
        labels.remove(p.positive());
        labels.addFirst(p.positive());
        return labels;
    }
}

package dev.loupe.edge.cli;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.decision.DecisionSection;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.Scenario;
import dev.loupe.edge.EdgeAgent;
import dev.loupe.edge.decide.LineDecider;
import dev.loupe.edge.decide.StopRules;
import dev.loupe.edge.http.EdgeHttp;
import dev.loupe.edge.infer.FallbackInference;
import dev.loupe.edge.infer.Inference;
import dev.loupe.edge.infer.InspectClient;
import dev.loupe.edge.infer.LocalInference;
import dev.loupe.edge.infer.V2BinaryClient;
import dev.loupe.edge.metrics.EdgeMetrics;
import dev.loupe.edge.metrics.StatusLine;
import dev.loupe.edge.model.ActiveModel;
import dev.loupe.edge.model.ModelSlots;
import dev.loupe.edge.model.ModelSync;
import dev.loupe.edge.output.JsonLinesOutput;
import dev.loupe.edge.output.LineOutput;
import dev.loupe.edge.output.MqttOutput;
import dev.loupe.edge.output.WebhookOutput;
import dev.loupe.edge.source.FolderSource;
import dev.loupe.edge.source.ImageSource;
import dev.loupe.edge.source.IngestSource;
import dev.loupe.edge.source.SyntheticSource;
import dev.loupe.edge.spool.FsyncPolicy;
import dev.loupe.edge.spool.ImageKeep;
import dev.loupe.edge.spool.Spool;
import dev.loupe.edge.spool.SpoolConfig;
import dev.loupe.edge.spool.Uploader;
import dev.loupe.edge.start.FirstModel;
import dev.loupe.edge.start.StartupTimes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code loupe edge}: runs the inspection station's agent until interrupted (or {@code --max-frames}). */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = {"Run the edge inspection agent.",
                "Images from a folder, the synthetic line or HTTP pushes;",
                "scored locally, on a server, or on the server with a local fallback; decided pass/reject/review;",
                "decisions to MQTT/webhook/log; every record spooled on disk until the platform has it."})
public final class EdgeCommand implements Callable<Integer> {

    @Option(names = "--station", paramLabel = "NAME", defaultValue = "station-1",
            description = "this station's name (topic, record ids; default: ${DEFAULT-VALUE})")
    String station;
    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "where images come from: folder:DIR (a watched folder), synthetic:SCENARIO (the synthetic line) "
            + "or http (camera pushes to POST /ingest)")
    String source;
    @Option(names = "--rate", paramLabel = "FPS", defaultValue = "0",
            description = "synthetic frames per second (default: ${DEFAULT-VALUE}, as fast as possible)")
    double rate;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "synthetic line seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--size", paramLabel = "PX", defaultValue = "128",
            description = "synthetic image side in pixels (default: ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--defect-rate", paramLabel = "R", defaultValue = "0.25",
            description = "synthetic defect rate (default: ${DEFAULT-VALUE})")
    double defectRate;
    @Option(names = "--server", paramLabel = "URL", description = "prediction server URL (remote inference)")
    String server;
    @Option(names = "--protocol", paramLabel = "v2|inspect",
            description = "how to reach --server: v2 (OIP v2 REST, the image as a binary BYTES tensor, "
            + "read with the station model's descriptor) | inspect (POST /v1/models/M/inspect, the server decides); "
            + "default v2 when a station model is loaded (it measured faster), else inspect")
    String protocol;
    @Option(names = "--platform", paramLabel = "URL", description = "platform URL for records, model sync (default: --server)")
    String platform;
    @Option(names = "--model", paramLabel = "PKG",
            description = "local model package (directory or .zip): local inference, or the fallback with --server")
    Path model;
    @Option(names = "--model-name", paramLabel = "NAME", description = "the model's name on the server (default: the local package's)")
    String modelName;
    @Option(names = "--budget-ms", paramLabel = "MS", defaultValue = "100",
            description = "per-image budget for the server before the fallback answers (default: ${DEFAULT-VALUE})")
    long budgetMs;
    @Option(names = "--project", paramLabel = "FILE", description = "loupe.yaml whose decision section overrides the model's policy")
    Path project;
    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "defect score at or above which a part is rejected (default: --project's, else the model's)")
    Double threshold;
    @Option(names = "--review-band", paramLabel = "LOW,HIGH", description = "scores sent to review (default: --project's, else the model's)")
    String reviewBand;
    @Option(names = "--stop-rejects", paramLabel = "N",
            description = "stop the line at N rejects within --stop-window parts (default: --project's stop_line, if any)")
    Integer stopRejects;
    @Option(names = "--stop-window", paramLabel = "N", defaultValue = "20",
            description = "parts --stop-rejects counts over (default: ${DEFAULT-VALUE})")
    int stopWindow;
    @Option(names = "--stop-after-failures", paramLabel = "N", defaultValue = "0",
            description = "stop after N images in a row no model answered (default: ${DEFAULT-VALUE}, never)")
    int stopAfterFailures;
    @Option(names = "--stop-after-camera-failures", paramLabel = "N", defaultValue = "0",
            description = "stop after N unreadable images in a row (default: ${DEFAULT-VALUE}, never)")
    int stopAfterCameraFailures;
    @Option(names = "--stop-on-spool-full", description = "stop the line when a record had to be dropped")
    boolean stopOnSpoolFull;
    @Option(names = "--mqtt", paramLabel = "URI", description = "MQTT broker URI (tcp://127.0.0.1:1883)")
    String mqtt;
    @Option(names = "--mqtt-topic", paramLabel = "TOPIC", description = "topic (default: loupe/<station>/events)")
    String mqttTopic;
    @Option(names = "--webhook", paramLabel = "URL", description = "URL to POST decision events to")
    URI webhook;
    @Option(names = "--log", paramLabel = "FILE", description = "JSON-lines file of every event")
    Path log;
    @Option(names = "--state", paramLabel = "DIR", description = "spool, ledger and model slots (default: ~/.loupe/edge/<station>)")
    Path state;
    @Option(names = "--spool-max-mb", paramLabel = "MB", defaultValue = "1024",
            description = "spool disk budget in MiB: images dropped past 80%%, records past 100%% (default: ${DEFAULT-VALUE})")
    long spoolMaxMb;
    @Option(names = "--fsync", paramLabel = "always|never|interval:MS", defaultValue = "interval:200",
            description = "when the spool is forced to disk (default: ${DEFAULT-VALUE})")
    String fsync;
    @Option(names = "--images", paramLabel = "MODE", defaultValue = "review-reject",
            description = "all, sampled:N, review-reject or none: the images spooled with their records (default: ${DEFAULT-VALUE})")
    String images;
    @Option(names = "--sync-alias", paramLabel = "ALIAS", defaultValue = "champion",
            description = "registry alias the station follows on the platform (default: ${DEFAULT-VALUE})")
    String syncAlias;
    @Option(names = "--sync-interval-s", paramLabel = "S", defaultValue = "30",
            description = "model sync period (default: ${DEFAULT-VALUE}; 0: off)")
    long syncIntervalS;
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9464",
            description = "address for /metrics, /health, /ingest (default: ${DEFAULT-VALUE}; port 0: any)")
    String listen;
    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for the server (default: $LOUPE_TOKEN)")
    String token;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime threads for the local model (default: ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--max-frames", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE,
            description = "stop after N decisions (default: no limit)")
    long maxFrames;
    @Option(names = "--count", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE,
            description = "synthetic frames to render (default: no limit)")
    long count;
    @Option(names = "--drain-timeout-s", paramLabel = "S", defaultValue = "5",
            description = "on exit, wait this long for the spool to reach the platform (default: ${DEFAULT-VALUE})")
    long drainTimeoutS;
    @Option(names = "--no-status", description = "no live status line")
    boolean noStatus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final StartupTimes startup;
    private final Optional<FirstModel> preload;

    /** For picocli when {@code loupe edge} is a subcommand of the full CLI: no start-up marks, no preloaded model. */
    public EdgeCommand() {
        this(new StartupTimes(), Optional.empty());
    }

    /**
     * @param startup where the start's steps are marked (the caller marked the JVM's {@code main})
     * @param preload the {@code --model} package, already loading; used when the options name it
     */
    EdgeCommand(StartupTimes startup, Optional<FirstModel> preload) {
        this.startup = startup;
        this.preload = preload;
    }

    @Override
    public Integer call() throws Exception {
        startup.mark("parsed");
        if (server == null && model == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --model PATH (local), --server URL (remote), or both (fallback)");
        }
        Path dir = state != null ? state : Path.of(System.getProperty("user.home"), ".loupe", "edge", station);
        Files.createDirectories(dir);
        Optional<String> bearer = Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("LOUPE_TOKEN")));
        String platformUrl = platform != null ? platform : server;
        // only when talking to a server: building a client sets up TLS, ~0.4 s of a cold start. HTTP/1.1
        // keep-alive: one image at a time went ~10% faster than the client's default HTTP/2 (docs/benchmarks.md)
        HttpClient http = server == null && platformUrl == null ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(Math.max(budgetMs, 500))).build();
        UnaryOperator<DecisionPolicy> override = policyOverride();
        boolean overrides = project != null || threshold != null || reviewBand != null;
        EdgeMetrics metrics = new EdgeMetrics(station);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            ActiveModel active = new ActiveModel(override);
            open.add(active);
            ModelSlots slots = new ModelSlots(dir.resolve("models"));
            // the model loads on its own thread (started before the options were parsed when --model
            // was given) while the spool, source, listener and outputs open
            FirstModel first = preload.filter(p -> model != null && p.loads(model, threads)).orElseGet(() -> model != null
                    ? FirstModel.ofPackage(model, threads, startup) : FirstModel.ofSlot(slots, threads, startup));
            open.add(first);
            SpoolConfig sc = SpoolConfig.defaults().withMaxBytes(spoolMaxMb << 20).withFsync(FsyncPolicy.parse(fsync));
            Spool spool = Spool.open(dir.resolve("spool"), sc);
            open.add(spool);
            startup.mark("spool");
            metrics.gauge("spool_depth_records", spool::depth);
            metrics.gauge("spool_bytes", spool::bytes);
            metrics.gauge("spool_images_dropped_total", spool::imagesDropped);
            metrics.gauge("spool_records_dropped_total", spool::recordsDropped);
            metrics.gauge("spool_records_damaged_total", spool::recordsDamaged);
            Optional<IngestSource> ingest = source.equals("http") ? Optional.of(new IngestSource(station, 256)) : Optional.empty();
            ImageSource src = ingest.isPresent() ? ingest.get() : source(dir, spool);
            open.add(src);
            startup.mark("source");
            String[] hp = listen.split(":");
            EdgeHttp local = new EdgeHttp(hp[0], Integer.parseInt(hp[1]), metrics, ingest);
            open.add(local);
            startup.mark("listener");
            List<LineOutput> outputs = outputs();
            open.addAll(outputs);
            startup.mark("outputs");
            first.await().ifPresent(r -> active.install(r.classifier(), r.version()));
            String name = modelName != null ? modelName : active.current().map(ActiveModel.Loaded::name).orElse(null);
            metrics.modelInfo(() -> active.current().map(m -> m.name() + "/" + m.version()).orElse(""));
            Inference inference = inference(http, name, bearer, active);
            Optional<Uploader> uploader = Optional.empty();
            if (platformUrl != null) {
                uploader = Optional.of(new Uploader(spool, http, platformUrl, bearer, metrics, 256));
                open.add(uploader.get());
                if (syncIntervalS > 0 && name != null) {
                    open.add(new ModelSync(http, platformUrl, name, syncAlias, bearer, slots, active, threads, metrics,
                            Duration.ofSeconds(syncIntervalS)));
                }
            }
            StopRules rules = new StopRules(stopLine(override), stopAfterFailures, stopAfterCameraFailures, stopOnSpoolFull);
            LineDecider decider = new LineDecider(rules, overrides ? Optional.of(override) : Optional.empty());
            EdgeAgent agent = new EdgeAgent(station, src, inference, decider, rules, spool, ImageKeep.parse(images), outputs,
                    metrics, Clock.systemUTC());
            var err = spec.commandLine().getErr();
            err.println("loupe edge: station " + station + ", " + src.describe() + ", " + inference.describe()
                    + ", metrics http://" + hp[0] + ":" + local.port() + "/metrics, spool " + dir.resolve("spool")
                    + " (" + spool.depth() + " waiting)");
            err.flush();
            startup.mark("ready");
            Optional<Uploader> up = uploader;
            if (!noStatus) {
                open.add(new StatusLine(metrics, () -> "spool " + spool.depth() + " (" + spool.bytes() / 1024 + " KiB) | "
                        + metrics.prometheus().lines().filter(l -> l.startsWith("loupe_edge_model_info")).findFirst()
                        .map(l -> l.replaceAll(".*model=\"([^\"]*)\".*", "$1")).orElse("") + " | platform "
                        + up.map(u -> u.connected() ? "up" : "DOWN").orElse("none"), System.err, System.console() != null));
            }
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                agent.stop();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            long t0 = System.nanoTime();
            long n = agent.run(maxFrames);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (uploader.isPresent()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(drainTimeoutS).toNanos();
                while (spool.depth() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            Summary.print(spec.commandLine().getOut(), n, secs, agent.firstDecisionNanos(), startup, spool, metrics);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            return 0;
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    // best effort on the way out
                }
            }
        }
    }

    private Inference inference(HttpClient http, String name, Optional<String> bearer, ActiveModel active) {
        Inference local = new LocalInference(active);
        if (server == null) {
            return local;
        }
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "remote inference needs --model-name (or a local --model to take it from)");
        }
        String wire = protocol != null ? protocol : active.current().isPresent() ? "v2" : "inspect";
        Inference remote = switch (wire) {
            case "inspect" -> new InspectClient(http, server, name, Duration.ofMillis(budgetMs), bearer);
            case "v2" -> {
                if (active.current().isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--protocol v2 reads the server's tensors "
                            + "with the model's descriptor: give --model (the fallback), or use --protocol inspect");
                }
                yield new V2BinaryClient(http, server, name, Duration.ofMillis(budgetMs), bearer, active);
            }
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--protocol is inspect or v2, got '" + protocol + "'");
        };
        return active.current().isPresent()
                ? new FallbackInference(remote, local, Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime)
                : remote;
    }

    private ImageSource source(Path dir, Spool spool) throws Exception {
        if (source.startsWith("folder:")) {
            return new FolderSource(Path.of(source.substring(7)), dir.resolve("folder-ledger"), station,
                    spool.last().map(r -> r.id()), Duration.ofMillis(50));
        }
        if (source.startsWith("synthetic:")) {
            Scenario sc = Scenario.fromName(source.substring(10));
            LineOptions lo = LineOptions.defaults().withSize(size).withDefectRate(defectRate);
            SyntheticSource probe = new SyntheticSource(station, sc, seed, lo, 0, 0, 0);
            long from = spool.last().map(r -> probe.indexOf(r.id()) + 1).filter(i -> i > 0).orElse(0L);
            probe.close();
            return new SyntheticSource(station, sc, seed, lo, from, count == Long.MAX_VALUE ? count : Math.max(0, count - from), rate);
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--source must be folder:DIR, synthetic:SCENARIO ("
                + Scenario.names() + ") or http, got '" + source + "'");
    }

    private List<LineOutput> outputs() throws Exception {
        List<LineOutput> outs = new ArrayList<>();
        if (log != null) {
            outs.add(new JsonLinesOutput(log));
        }
        if (mqtt != null) {
            outs.add(new MqttOutput(mqtt, mqttTopic != null ? mqttTopic : MqttOutput.topicFor(station), "loupe-edge-" + station));
        }
        if (webhook != null) {
            outs.add(new WebhookOutput(webhook, HttpClient.newHttpClient()));
        }
        return outs;
    }

    private UnaryOperator<DecisionPolicy> policyOverride() throws Exception {
        var proj = project == null ? null : ProjectFile.parse(Files.readString(project), project.toString());
        Optional<ModelDescriptor.ReviewBand> band = Optional.empty();
        if (reviewBand != null) {
            String[] p = reviewBand.split(",");
            if (p.length != 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--review-band is LOW,HIGH, got " + reviewBand);
            }
            band = Optional.of(new ModelDescriptor.ReviewBand(Double.parseDouble(p[0]), Double.parseDouble(p[1])));
        }
        Optional<ModelDescriptor.ReviewBand> b = band;
        return base -> {
            DecisionPolicy p = proj == null ? base : DecisionSection.apply(proj, base);
            return new DecisionPolicy(threshold != null ? threshold : p.threshold(), b.isPresent() ? b : p.reviewBand(), p.stopLine());
        };
    }

    private Optional<DecisionPolicy.StopLineRule> stopLine(UnaryOperator<DecisionPolicy> override) {
        if (stopRejects != null) {
            return Optional.of(new DecisionPolicy.StopLineRule(stopRejects, stopWindow));
        }
        return override.apply(DecisionPolicy.threshold(0.5)).stopLine();
    }
}

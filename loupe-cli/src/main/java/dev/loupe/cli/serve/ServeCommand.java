package dev.loupe.cli.serve;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.GlobalOptions;
import dev.loupe.cli.UserException;
import dev.loupe.cli.model.StoredModel;
import dev.loupe.cli.tokens.AuthOption;
import dev.loupe.core.auth.Authenticator;
import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.decision.DecisionSection;
import dev.loupe.core.inference.InferenceException;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.project.Project;
import dev.loupe.core.project.ProjectFile;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ServedModel;
import dev.loupe.store.jdbc.JdbcMetadataStore;
import dev.loupe.store.jdbc.MetadataStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * {@code loupe serve}: serves models over the Open Inference Protocol v2 (REST and gRPC) until
 * interrupted (Ctrl-C or SIGTERM stop it cleanly: listeners first, then inference, then the models).
 */
@Command(name = "serve", description = {
        "Serve models over the Open Inference Protocol v2: REST (JSON, binary tensors, classification) and gRPC.",
        "Also POST /v1/models/NAME/inspect with an image: label, score and pass/reject/review (model packages),",
        "and GET /metrics (Prometheus; the viewer role when tokens are on).",
        "A bare ONNX file is served as it is (bring your own model): --model PATH (named after the file) or NAME=PATH."})
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GlobalOptions global;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @CommandLine.Mixin
    AuthOption auth;

    @Option(names = "--model", required = true, paramLabel = "[NAME=]PATH|REF",
            description = {"a model to serve; repeat for more: a Loupe model package (directory or zip; named by its descriptor)",
                    "or a bare .onnx file (named after the file), served as version 1 of NAME; or a model of this home's",
                    "registry (NAME@ALIAS, NAME/VERSION) or blob store (sha256:<id>), served under its name and version."})
    List<String> models = new ArrayList<>();

    @Option(names = "--project", paramLabel = "FILE",
            description = "a loupe.yaml whose decision section (threshold, review_band, stop_line) overrides the models' own")
    Path project;

    @Option(names = "--host", paramLabel = "HOST", description = "interface to bind (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "REST port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port, 0 for any free one, -1 for no gRPC (default: ${DEFAULT-VALUE})")
    int grpcPort = 8081;

    @CommandLine.Mixin
    ServingOptions inference = new ServingOptions();

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", description = "larger request bodies get 413 (default: ${DEFAULT-VALUE})")
    long maxRequestBytes = ServeConfig.DEFAULT_MAX_REQUEST_BYTES;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServeConfig config = config();
        List<AutoCloseable> owned = new ArrayList<>();
        List<ServedModel> served = new ArrayList<>();
        try {
            loadModels(owned, served);
            ModelRepository repository = ModelRepository.of(served);
            Authenticator authenticator = auth.authenticator(config.host(), () -> {
                JdbcMetadataStore store = MetadataStores.open(global.config());
                owned.add(store);
                return store;
            });
            PredictionServer server = PredictionServer.start(config, repository, dev.loupe.serve.infer.ServingObserver.NONE, owned,
                    authenticator);
            owned.clear();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                server.close(inference.drainTimeout());
                stopped.countDown();
            }, "loupe-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            PrintWriter out = spec.commandLine().getOut();
            for (ServedModel m : repository.all()) {
                out.printf("model %s version %s  inputs %s  outputs %s%n", m.name(), m.version(), m.inputs(), m.outputs());
            }
            out.printf("serving OIP v2 REST on http://%s:%d/v2%s (%d inference threads, queue %d); Ctrl-C stops%n",
                    config.host(), server.httpPort(),
                    server.grpcPort() >= 0 ? " and gRPC on " + config.host() + ":" + server.grpcPort() : "",
                    config.threads(), config.queueCapacity());
            out.printf("authentication: %s%n", authenticator.required() ? "API tokens (Authorization: Bearer <token>)"
                    : "off (loopback only)");
            out.flush();
            stopped.await();
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        } catch (dev.loupe.serve.PortBindException e) {
            throw ServingOptions.bindFailure(e);
        } catch (java.io.UncheckedIOException e) {
            throw new UserException(ExitCodes.CONFIG, e.getCause().getMessage());
        } finally {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing models after a failed start: the failure that got us here is the one to report
                }
            }
        }
    }

    /** Loads every {@code --model} in order into {@code served}, adding what must be closed to {@code owned}. */
    void loadModels(List<AutoCloseable> owned, List<ServedModel> served) {
        UnaryOperator<DecisionPolicy> policy = UnaryOperator.identity();
        if (project != null) {
            Project p = ProjectFile.load(project);
            policy = modelPolicy -> DecisionSection.apply(p, modelPolicy);
        }
        for (String m : models) {
            ModelFiles.Loaded loaded = load(ModelFiles.Spec.parse(m), policy);
            owned.addAll(loaded.owned());
            served.add(loaded.served());
        }
    }

    private ServeConfig config() {
        try {
            inference.drainTimeout(); // checked before anything starts
            return inference.apply(ServeConfig.defaults().withHost(host).withPorts(port, grpcPort).withMaxRequestBytes(maxRequestBytes));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    /**
     * The version label of a stored package no registered version points at: its id's first 12 hex digits, so
     * it cannot pass for (and clash with) a file's version {@code 1} or a registered version.
     */
    static String unregisteredVersion(String ref) {
        return ModelResolver.blobId(ref).map(b -> b.sha256().substring(0, 12)).orElse("1");
    }

    private ModelFiles.Loaded load(ModelFiles.Spec s, UnaryOperator<DecisionPolicy> policy) {
        String ref = s.path().toString();
        Optional<ModelResolver.Resolved> reference = StoredModel.resolveIfReference(ref, global.config());
        if (reference.isPresent()) {
            ModelResolver.Resolved stored = reference.get();
            String name = s.name().orElse(stored.version().map(ModelVersion::name).orElse(stored.pkg().descriptor().name()));
            String version = stored.version().map(v -> Integer.toString(v.version()))
                    .orElseGet(() -> unregisteredVersion(ref));
            try {
                return ModelFiles.load(name, version, stored.pkg(), policy.apply(DecisionPolicy.of(stored.pkg().descriptor())));
            } catch (InferenceException e) {
                throw new UserException(ExitCodes.FAILED, "model " + ref + ": " + e.getMessage());
            }
        }
        try {
            return ModelFiles.load(s, policy);
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCodes.USAGE, "model file not found: " + s.path());
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILED, "cannot read model " + s.path() + ": " + e.getMessage());
        } catch (dev.loupe.core.model.ModelPackageException e) {
            throw new UserException(ExitCodes.FAILED, "model " + s.path() + ": " + e.getMessage() + "; --model takes "
                    + "a model package (a zip, or a directory with model.onnx and loupe-model.json), a .onnx file, "
                    + "or a registered model (NAME@ALIAS, NAME/VERSION, sha256:<id>)");
        } catch (InferenceException e) {
            throw new UserException(ExitCodes.FAILED, "model " + s.path() + ": " + e.getMessage());
        }
    }
}

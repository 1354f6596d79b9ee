package dev.loupe.edge;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.monitoring.PredictionQuery;
import dev.loupe.core.store.file.FileBlobStore;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.console.ConsoleConfig;
import dev.loupe.store.jdbc.SqliteMetadataStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A platform on loopback for the edge agent's tests: the Loupe server (records, packages, review) on
 * SQLite and a file blob store, and a prediction server serving one package. Both can be stopped and
 * started again on the same ports, as a server that goes away and comes back.
 */
final class Platform implements AutoCloseable {
    final SqliteMetadataStore store;
    final FileBlobStore blobs;
    private final ModelPackage pkg;
    private LoupeServer platform;
    private PredictionServer serve;
    private int platformPort;
    private int servePort;

    Platform(Path dir, ModelPackage pkg) throws Exception {
        this.store = new SqliteMetadataStore(dir.resolve("loupe.db"));
        this.blobs = new FileBlobStore(dir.resolve("blobs"));
        this.pkg = pkg;
        start();
    }

    void start() throws Exception {
        platform = LoupeServer.start(new LoupeServer.Config("127.0.0.1", platformPort), store, blobs, ConsoleConfig.defaults());
        platformPort = platform.port();
        ModelFiles.Loaded m = ModelFiles.load(pkg.descriptor().name(), "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        serve = PredictionServer.start(ServeConfig.defaults().withPorts(servePort, -1), ModelRepository.of(List.of(m.served())), m.owned());
        servePort = serve.httpPort();
    }

    /** Stops both servers at once, without draining: a platform that goes away, as a crash or a lost network would. */
    void stop() {
        serve.close(Duration.ZERO);
        platform.close(Duration.ZERO);
    }

    String platformUrl() {
        return "http://127.0.0.1:" + platformPort;
    }

    String serveUrl() {
        return "http://127.0.0.1:" + servePort;
    }

    List<LoggedPrediction> predictions() {
        return store.predictions().query(new PredictionQuery(pkg.descriptor().name(), java.util.Optional.empty(), Instant.EPOCH,
                Instant.parse("2100-01-01T00:00:00Z"), 1_000_000));
    }

    @Override
    public void close() {
        stop();
        store.close();
    }
}

package dev.loupe.cli.monitor;

import dev.loupe.cli.ExitCodes;
import dev.loupe.cli.UserException;
import dev.loupe.core.config.LoupeConfig;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelPackageException;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.monitor.estimate.PerformanceEstimator;
import dev.loupe.monitor.reference.Reference;
import dev.loupe.monitor.reference.References;
import dev.loupe.monitor.watch.LogReplay;
import dev.loupe.monitor.watch.ModelMonitor;
import dev.loupe.monitor.watch.MonitorConfig;
import dev.loupe.store.BlobStores;
import dev.loupe.store.jdbc.MetadataStores;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The stores a monitor command reads, opened together and closed together (metadata last). */
final class MonitorSession implements AutoCloseable {
    final MetadataStore store;
    final BlobStore blobs;

    MonitorSession(LoupeConfig config) {
        this.store = MetadataStores.open(config);
        try {
            this.blobs = BlobStores.open(config);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The images the prediction log kept, in packs or blobs of their own. */
    dev.loupe.core.monitoring.LoggedImages images() {
        return new dev.loupe.core.monitoring.LoggedImages(blobs, store.packedImages());
    }

    /** The registered version's package, or empty when {@code name/version} is not in the registry. */
    Optional<ModelPackage> registered(String name, String version) throws IOException {
        try {
            return Optional.of(new ModelResolver(Optional.of(store.registry()), blobs).resolve(name + "/" + version).pkg());
        } catch (ModelPackageException e) {
            return Optional.empty();
        }
    }

    References references() {
        return new References(store.monitoring(), blobs);
    }

    Reference reference(String model, Optional<String> version) {
        return references().load(model, version).orElseThrow(() -> new UserException(ExitCodes.FAILED,
                "no monitoring reference for " + model + version.map(v -> " version " + v).orElse("")
                        + "; build one with 'loupe monitor reference' or 'loupe monitor replay --reference DIR'"));
    }

    /**
     * Replays the model version's log since {@code from} through fresh monitors, recording new alarms, and
     * through a performance estimator over the last 10,000 predictions when the reference is labelled.
     */
    Replayed replay(Reference ref, Instant from, double budget) {
        ModelMonitor monitor = new ModelMonitor(ref, MonitorConfig.defaults().withBudget(budget));
        Optional<PerformanceEstimator> estimator = estimator(ref);
        LogReplay.Result result = LogReplay.run(store.predictions(), store.monitoring(), monitor, from,
                p -> estimator.ifPresent(e -> e.observe(p.score())));
        return new Replayed(monitor, estimator, result);
    }

    private static Optional<PerformanceEstimator> estimator(Reference ref) {
        return PerformanceEstimator.forReference(ref, 10_000);
    }

    record Replayed(ModelMonitor monitor, Optional<PerformanceEstimator> estimator, LogReplay.Result result) {
    }

    @Override
    public void close() {
        try {
            blobs.close();
        } finally {
            store.close();
        }
    }
}

package dev.loupe.core.store;

import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.tracking.TrackingStore;

/**
 * The metadata store: every record Loupe keeps that is not a blob (dataset versions, runs, model
 * versions, aliases, predictions, the audit log...). Each life-cycle stage reaches its records through
 * its own repository, obtained from this port; adapters implement every repository over one database.
 *
 * <p>Adapters are thread-safe. Whoever opens the store closes it; closing releases the connections.
 */
public interface MetadataStore extends AutoCloseable {

    /** The database product: {@code sqlite}, {@code postgresql}. */
    String backend();

    /** Where the data lives, with any password removed, for humans. */
    String location();

    /** Applied and pending schema migrations. */
    SchemaStatus schema();

    /** The append-only audit trail. */
    AuditLog audit();

    /** Dataset versions and their samples. */
    dev.loupe.core.dataset.DatasetRepository datasets();
    /** Experiments, runs and what they logged. */
    TrackingStore tracking();

    /** Registered models, versions, aliases; every change also goes to {@link #audit()}. */
    ModelRegistry registry();

    /** The prediction log: every prediction served. */
    dev.loupe.core.monitoring.PredictionLog predictions();

    /** Where each image the prediction log keeps lies inside its pack (see {@link dev.loupe.core.monitoring.LoggedImages}). */
    dev.loupe.core.monitoring.PackedImages packedImages();

    /** Which blobs the records still point at, before anything deletes one. */
    BlobReferences blobReferences();

    /** Aggregates and newest-first reads of the prediction log, for people (the web console). */
    dev.loupe.core.monitoring.PredictionSummaries predictionSummaries();

    /** Labels given later for served predictions. */
    dev.loupe.core.monitoring.FeedbackStore feedback();

    /** Monitoring references, drift alarms, alert states. */
    dev.loupe.core.monitoring.MonitoringRepository monitoring();

    /** Continuous-training runs and their steps. */
    dev.loupe.core.pipeline.PipelineRepository pipelines();

    /** Each served model's roll-out plan (shadow, canary); every change also goes to {@link #audit()}. */
    dev.loupe.core.rollout.RolloutRepository rollouts();

    /** API tokens (hashes only) and their roles. */
    dev.loupe.core.auth.TokenStore tokens();

    /** The web console's sign-in sessions (hashes only), each belonging to an API token. */
    dev.loupe.core.auth.SessionStore sessions();

    @Override
    void close();
}

package dev.loupe.serve.model;

import java.util.List;
import java.util.Optional;

/**
 * What a prediction server serves, by model name and version: a fixed {@link ModelRepository}, or
 * {@link LiveModels} whose models are swapped while requests run.
 *
 * <p>A request {@link #acquire acquires} its model and closes the lease when its answer is computed; a
 * model replaced meanwhile is closed only after its last lease is closed. Implementations are thread-safe.
 */
public interface ModelCatalog {

    /**
     * The model to answer one request, held until the lease is closed.
     *
     * @param version    the version asked for; empty means whatever serves the name now (the champion,
     *                   or the challenger for a canary's share)
     * @param routingKey keeps a canary's split sticky: the same key gets the same arm (a station, a request id)
     * @throws dev.loupe.serve.ServeException not found, naming what is served
     */
    ModelLease acquire(String name, Optional<String> version, String routingKey);

    /**
     * The model a name and version resolve to now, for its metadata (inputs, outputs); not for
     * inference, which must {@link #acquire}.
     *
     * @throws dev.loupe.serve.ServeException not found
     */
    ServedModel resolve(String name, Optional<String> version);

    /** The versions of a model served now, oldest first. */
    List<String> versions(String name);
}

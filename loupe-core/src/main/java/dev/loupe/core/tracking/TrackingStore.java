package dev.loupe.core.tracking;

import dev.loupe.core.search.Page;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiment tracking: experiments, runs, and what each run logged (params, metrics per step, tags,
 * the dataset versions it used, artifacts in the blob store). The model of MLflow's tracking store,
 * so Loupe serves the MLflow REST API over it unchanged.
 *
 * <p>Errors: a missing experiment or run throws {@link dev.loupe.core.store.NotFoundException}; a
 * duplicate experiment name {@link dev.loupe.core.store.AlreadyExistsException}; an invalid value
 * (blank name, a param logged again with another value, a write to a deleted run, a bad filter)
 * {@link IllegalArgumentException}. Implementations are thread-safe.
 */
public interface TrackingStore {

    /** Creates an active experiment; a null artifact location gets a default one. */
    Experiment createExperiment(String name, String artifactLocation, Map<String, String> tags);

    Optional<Experiment> experiment(String id);

    Optional<Experiment> experimentByName(String name);

    /**
     * The experiment of that name, created (with {@code artifactLocation}) when there is none: when another
     * writer creates it between the look and the create (two trainings started at once), theirs.
     */
    default Experiment experimentNamed(String name, String artifactLocation) {
        Optional<Experiment> found = experimentByName(name);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            return createExperiment(name, artifactLocation, Map.of());
        } catch (dev.loupe.core.store.AlreadyExistsException e) {
            return experimentByName(name).orElseThrow(() -> e);
        }
    }

    /** Every experiment in the given view, by id. */
    List<Experiment> experiments(ViewType view);

    void renameExperiment(String id, String newName);

    /** Moves the experiment and its runs to the deleted stage. */
    void deleteExperiment(String id);

    /** Brings a deleted experiment and its runs back. */
    void restoreExperiment(String id);

    void setExperimentTag(String id, String key, String value);

    /**
     * Starts a run (status {@code RUNNING}) in an active experiment.
     *
     * @param runName   may be null
     * @param userId    may be null
     * @param startTime null means now
     */
    RunInfo createRun(String experimentId, String runName, String userId, Instant startTime, Map<String, String> tags);

    Optional<Run> run(String runId);

    /**
     * Changes a run's status, end time and name; nulls leave a field as it is.
     *
     * @return the run's info after the change
     */
    RunInfo updateRun(String runId, RunStatus status, Instant endTime, String runName);

    void deleteRun(String runId);

    void restoreRun(String runId);

    /** Appends one metric value; logging an identical value twice keeps one. */
    void logMetric(String runId, Metric metric);

    void logParam(String runId, Param param);

    void setTag(String runId, String key, String value);

    /** Removes a tag; throws NotFoundException when the run has no such tag. */
    void deleteTag(String runId, String key);

    /** Logs metrics, params and tags in one transaction: all or nothing. */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, Map<String, String> tags);

    /** Records datasets the run used; the same dataset version logged again is kept once. */
    void logInputs(String runId, List<DatasetInput> inputs);

    /** Records an artifact (bytes already in the blob store); a second one at the same path replaces it. */
    void logArtifact(String runId, Artifact artifact);

    List<Artifact> artifacts(String runId);

    /** Every value of one metric, ordered by step then time. */
    List<Metric> metricHistory(String runId, String key);

    /**
     * Runs matching a search, one page at a time.
     *
     * @throws IllegalArgumentException for a filter, order_by or page token that does not parse
     */
    Page<Run> searchRuns(RunSearch search);
}

package dev.loupe.core.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * A run's identity and state.
 *
 * @param runId       32 lowercase hex digits, assigned by the store
 * @param runName     a human name, may be null
 * @param userId      who started it, may be null
 * @param endTime     null while the run is not terminal
 * @param artifactUri where MLflow clients are told the artifacts live
 */
public record RunInfo(String runId, String experimentId, String runName, String userId, RunStatus status,
                      Instant startTime, Instant endTime, String artifactUri, LifecycleStage lifecycleStage) {
    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    }
}

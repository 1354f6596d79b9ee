package dev.loupe.core.registry;

/** Registration state of a model version. Names match MLflow's {@code ModelVersionStatus}. */
public enum ModelVersionStatus {
    PENDING_REGISTRATION, FAILED_REGISTRATION, READY
}

package dev.loupe.core.tracking;

/** A run's state; {@code FINISHED}, {@code FAILED} and {@code KILLED} are terminal. Names match MLflow's. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}

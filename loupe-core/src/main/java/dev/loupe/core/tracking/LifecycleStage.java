package dev.loupe.core.tracking;

import java.util.Locale;

/** Whether an experiment or run is live or in the trash (deleted records can be restored). */
public enum LifecycleStage {
    ACTIVE, DELETED;

    /** {@code active} or {@code deleted}, MLflow's spelling. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

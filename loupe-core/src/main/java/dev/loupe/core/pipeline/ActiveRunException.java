package dev.loupe.core.pipeline;

/** A model already has an active pipeline run; a second one is refused. */
public class ActiveRunException extends RuntimeException {
    private final String activeRunId;

    public ActiveRunException(String model, String activeRunId) {
        super("model " + model + " already has an active pipeline run " + activeRunId);
        this.activeRunId = activeRunId;
    }

    /** The run that holds the model; may be empty if it ended between the refusal and the lookup. */
    public String activeRunId() {
        return activeRunId;
    }
}

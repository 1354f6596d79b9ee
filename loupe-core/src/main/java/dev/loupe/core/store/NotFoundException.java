package dev.loupe.core.store;

/** A record that was asked for by name or id does not exist (an experiment, a run, a model version...). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}

package dev.loupe.core.tracking;

import java.util.Objects;

/** A hyperparameter of a run, logged once: logging the same key with another value is an error. */
public record Param(String key, String value) {
    public Param {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}

package dev.loupe.core.search;

/**
 * Reads a field of one searched record. Returns a {@link Number}, a {@link String}, a
 * {@link java.util.Collection} of those (a field with several values, such as the digests of a run's
 * datasets: a comparison matches if any value does), or null when the record lacks the field.
 */
@FunctionalInterface
public interface FieldLookup {
    Object value(Field field);
}

package dev.loupe.core.dataset;

import java.util.Optional;

/**
 * A reference to a dataset version: {@code NAME@ID} (an exact version) or {@code NAME} (its latest).
 */
public record DatasetRef(String name, Optional<String> version) {

    public static DatasetRef parse(String s) {
        int at = s.indexOf('@');
        String name = at < 0 ? s : s.substring(0, at);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("bad dataset name '" + name + "' (letters, digits, '.', '_', '-')");
        }
        if (at < 0) {
            return new DatasetRef(name, Optional.empty());
        }
        String v = s.substring(at + 1);
        if (!v.matches("[0-9a-f]{4,64}")) {
            throw new IllegalArgumentException("bad dataset version '" + v + "' in '" + s + "' (hex id, at least 4 digits)");
        }
        return new DatasetRef(name, Optional.of(v));
    }

    @Override
    public String toString() {
        return version.map(v -> name + "@" + v).orElse(name);
    }
}

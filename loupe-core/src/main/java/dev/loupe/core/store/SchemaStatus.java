package dev.loupe.core.store;

import java.util.List;

/**
 * The state of a store's schema.
 *
 * @param current  the version of the newest applied migration, empty when none is
 * @param applied  the applied migrations, oldest first, as {@code V<version>__<name>}
 * @param pending  migrations the code has that the database does not
 */
public record SchemaStatus(String current, List<String> applied, List<String> pending) {
    public SchemaStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
    }

    public boolean upToDate() {
        return pending.isEmpty() && !applied.isEmpty();
    }
}

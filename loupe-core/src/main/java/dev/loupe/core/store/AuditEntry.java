package dev.loupe.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded change.
 *
 * @param seq    position in the log, strictly increasing
 * @param at     when it was recorded
 * @param change what changed
 */
public record AuditEntry(long seq, Instant at, Change change) {

    /**
     * @param actor      who made the change (a user, a token name, {@code pipeline})
     * @param entityType the kind of thing changed ({@code model}, {@code alias}, {@code dataset}...)
     * @param entityId   which one
     * @param action     what was done ({@code create}, {@code set-alias}, {@code promote}...)
     * @param before     the value before, null when there was none
     * @param after      the value after, null when removed
     * @param reason     why, free text, may be null
     */
    public record Change(String actor, String entityType, String entityId, String action,
                         String before, String after, String reason) {
        public Change {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(entityType, "entityType");
            Objects.requireNonNull(entityId, "entityId");
            Objects.requireNonNull(action, "action");
        }
    }
}

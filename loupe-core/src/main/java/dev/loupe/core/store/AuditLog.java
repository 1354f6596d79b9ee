package dev.loupe.core.store;

import java.util.List;

/**
 * An append-only log of changes: who changed what, when, from what to what. Entries are never updated
 * or deleted; {@link #append} assigns each a strictly increasing sequence number.
 */
public interface AuditLog {

    /** Records the change and returns it with its sequence number and time. */
    AuditEntry append(AuditEntry.Change change);

    /** Every entry about one entity, oldest first. */
    List<AuditEntry> forEntity(String entityType, String entityId);

    /** The newest {@code limit} entries of any entity, newest first. */
    List<AuditEntry> recent(int limit);
}

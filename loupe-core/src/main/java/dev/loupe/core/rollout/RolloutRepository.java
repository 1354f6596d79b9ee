package dev.loupe.core.rollout;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The roll-out plan of each served model, in the metadata store, so that a restarted server and every
 * server sharing the database apply the same split. Every change is appended to the audit log in the
 * same transaction (entity {@code model} / the model's name, action {@code set-rollout}, before and
 * after as {@link RolloutPlan#describe()}). Adapters are thread-safe.
 *
 * <p>Each change of a model's plan is a numbered write ({@link Stored#version()}: 1, 2, ...), so that a
 * writer that read a plan can {@link #replace} it only if nobody wrote it since: the pipeline ending its own
 * canary leaves a plan a person saved in between.
 *
 * <p>The registry ends a plan that a change of its own made stale (see {@link
 * dev.loupe.core.registry.ModelRegistry}): a plan whose challenger is now the champion, or names no version,
 * becomes {@link RolloutPlan.Mode#NONE} in the registry change's transaction.
 */
public interface RolloutRepository {

    /**
     * A model's plan as stored.
     *
     * @param plan    the plan
     * @param version the number of the write that stored it; each change of the model's plan adds one
     */
    record Stored(RolloutPlan plan, long version) {
    }

    /**
     * Stores the plan, replacing the model's previous one whoever wrote it; saving the same plan again
     * changes nothing.
     *
     * @return the version now stored
     */
    long save(RolloutPlan plan, String reason);

    /**
     * Compare-and-set: stores the plan only if the model's stored plan is still write {@code version}, in one
     * transaction with its audit entry. Replacing it with the same plan changes nothing.
     *
     * @return the version now stored; empty when the model's plan was written since (or never was), in which
     *         case nothing changed
     */
    OptionalLong replace(RolloutPlan plan, long version, String reason);

    /** The model's plan; empty when none was ever set (which means {@link RolloutPlan.Mode#NONE}). */
    Optional<RolloutPlan> plan(String model);

    /** The model's plan with its write's version, for a later {@link #replace}; empty when none was ever set. */
    Optional<Stored> stored(String model);

    /** Every stored plan, by model name. */
    List<RolloutPlan> plans();
}

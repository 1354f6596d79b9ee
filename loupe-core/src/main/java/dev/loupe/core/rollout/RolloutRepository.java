package dev.loupe.core.rollout;

import java.util.List;
import java.util.Optional;

/**
 * The roll-out plan of each served model, in the metadata store, so that a restarted server and every
 * server sharing the database apply the same split. Every change is appended to the audit log in the
 * same transaction (entity {@code model} / the model's name, action {@code set-rollout}, before and
 * after as {@link RolloutPlan#describe()}). Adapters are thread-safe.
 */
public interface RolloutRepository {

    /** Stores the plan, replacing the model's previous one; saving the same plan again changes nothing. */
    void save(RolloutPlan plan, String reason);

    /** The model's plan; empty when none was ever set (which means {@link RolloutPlan.Mode#NONE}). */
    Optional<RolloutPlan> plan(String model);

    /** Every stored plan, by model name. */
    List<RolloutPlan> plans();
}

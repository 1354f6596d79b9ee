package dev.loupe.pipeline;

import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * A roll-out that keeps each phase as a stored plan of actor {@code pipeline}, as loupe-server's does, with an
 * in-process roll-out's live figures. {@link #dyingInCanary} makes one whose canary never sees traffic, for a
 * server that dies there.
 */
final class StoredPlanRollout implements Rollout {
    private final Rollout live;
    private final RolloutRepository plans;
    private final Clock clock;
    private final CountDownLatch canaryStored;
    private final boolean stallInCanary;
    private String model;
    private long version;
    private boolean canary;

    StoredPlanRollout(Rollout live, RolloutRepository plans, Clock clock) {
        this(live, plans, clock, new CountDownLatch(1), false);
    }

    private StoredPlanRollout(Rollout live, RolloutRepository plans, Clock clock, CountDownLatch canaryStored,
                              boolean stallInCanary) {
        this.live = live;
        this.plans = plans;
        this.clock = clock;
        this.canaryStored = canaryStored;
        this.stallInCanary = stallInCanary;
    }

    /** @param canaryStored counted down once the canary's plan is stored */
    static StoredPlanRollout dyingInCanary(Rollout live, RolloutRepository plans, Clock clock, CountDownLatch canaryStored) {
        return new StoredPlanRollout(live, plans, clock, canaryStored, true);
    }

    @Override
    public synchronized void startShadow(ModelVersion champion, ModelVersion challenger) {
        live.startShadow(champion, challenger);
        store(new RolloutPlan(challenger.name(), RolloutPlan.Mode.SHADOW, Integer.toString(challenger.version()), 0,
                "pipeline", clock.instant()), "pipeline shadow");
    }

    @Override
    public synchronized void startCanary(ModelVersion champion, ModelVersion challenger, double share) {
        live.startCanary(champion, challenger, share);
        store(new RolloutPlan(challenger.name(), RolloutPlan.Mode.CANARY, Integer.toString(challenger.version()), share,
                "pipeline", clock.instant()), "pipeline canary");
        canary = true;
        canaryStored.countDown();
    }

    @Override
    public synchronized LiveFigures liveFigures(String forModel) {
        return stallInCanary && canary ? LiveFigures.none() : live.liveFigures(forModel);
    }

    @Override
    public synchronized void promote(String forModel, int forChallenger) {
        live.promote(forModel, forChallenger);
        end(forModel, "promoted");
    }

    @Override
    public synchronized void rollback(String forModel) {
        live.rollback(forModel);
        end(forModel, "rolled-back");
    }

    private void store(RolloutPlan plan, String reason) {
        model = plan.model();
        version = plans.save(plan, reason);
    }

    /** Ends its own plan of the model only, as the server's does: a plan stored since is left alone. */
    private void end(String forModel, String reason) {
        if (forModel.equals(model)) {
            plans.replace(RolloutPlan.none(model, "pipeline", clock.instant()), version, reason);
        }
    }

    @Override
    public void close() {
        // the in-process roll-out is closed by whoever made it
    }
}

package dev.loupe.server.serving;

import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.MetadataStore;

import java.time.Clock;

/**
 * The continuous-training pipeline's {@link Rollout} port on a running server: each phase is a stored
 * {@link RolloutPlan} (so every server sharing the database applies it, and it is audited as actor
 * {@code pipeline}), applied here at once; live figures are this server's. {@link #promote} points the
 * {@code champion} alias at the challenger and ends the roll-out; {@link #rollback} ends it, the champion
 * unchanged. Idempotent, as the port requires. Thread-safe. Closing does nothing: the server owns the models.
 */
final class ServerRollout implements Rollout {
    static final String ACTOR = "pipeline";

    private final MetadataStore store;
    private final RegistryModels registryModels;
    private final ArmFigures arms;
    private final Clock clock;
    private String model;
    private int challenger;
    private String phase = "none";

    ServerRollout(MetadataStore store, RegistryModels registryModels, ArmFigures arms, Clock clock) {
        this.store = store;
        this.registryModels = registryModels;
        this.arms = arms;
        this.clock = clock;
    }

    @Override
    public void startShadow(ModelVersion champion, ModelVersion challengerVersion) {
        start(champion, challengerVersion, RolloutPlan.Mode.SHADOW, 0);
    }

    @Override
    public void startCanary(ModelVersion champion, ModelVersion challengerVersion, double share) {
        start(champion, challengerVersion, RolloutPlan.Mode.CANARY, share);
    }

    private synchronized void start(ModelVersion champion, ModelVersion c, RolloutPlan.Mode mode, double share) {
        if (!champion.name().equals(c.name())) {
            throw new IllegalArgumentException("champion and challenger must be versions of one model, got " + champion.ref()
                    + " and " + c.ref());
        }
        store.registry().setAlias(ACTOR, champion.name(), RegistryModels.CHAMPION, champion.version(), "roll-out of " + c.ref());
        store.rollouts().save(new RolloutPlan(c.name(), mode, Integer.toString(c.version()), share, ACTOR, clock.instant()),
                "pipeline " + mode.wireName());
        model = c.name();
        challenger = c.version();
        phase = mode.wireName();
        registryModels.refresh();
        arms.reset(model);
    }

    @Override
    public synchronized LiveFigures liveFigures() {
        return model == null ? LiveFigures.none() : arms.live(model, phase);
    }

    @Override
    public synchronized void promote() {
        if (model == null || phase.equals("promoted")) {
            return;
        }
        store.registry().setAlias(ACTOR, model, RegistryModels.CHAMPION, challenger, "promoted after " + phase);
        end("promoted");
    }

    @Override
    public synchronized void rollback() {
        if (model == null || phase.equals("rolled-back") || phase.equals("promoted")) {
            return;
        }
        end("rolled-back");
    }

    private void end(String newPhase) {
        store.rollouts().save(RolloutPlan.none(model, ACTOR, clock.instant()), newPhase);
        phase = newPhase;
        registryModels.refresh();
    }

    @Override
    public void close() {
        // the server owns the models and the figures
    }
}

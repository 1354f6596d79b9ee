package dev.loupe.server.serving;

import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.MetadataStore;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The continuous-training pipeline's {@link Rollout} port on a running server: each phase is a stored
 * {@link RolloutPlan} (so every server sharing the database applies it, and it is audited as actor
 * {@code pipeline}), applied here at once; live figures are this server's. {@link #promote} points the
 * {@code champion} alias at the challenger and ends the roll-out; {@link #rollback} ends it, the champion
 * unchanged; each only when the roll-out it last started for the model named is still under way. It keeps one
 * roll-out per model, so runs of different models roll out side by side (the server's pipeline watcher runs
 * them in parallel). Idempotent, as the port requires. Thread-safe. Closing does nothing: the server owns the
 * models.
 *
 * <p>It replaces or ends only its own plan: the canary replaces its shadow, and the end replaces its shadow or
 * canary, each by a compare-and-set on the version of its own last write ({@link RolloutRepository#replace}). A
 * plan a person saved in the meantime ({@code loupe models rollout}, {@code POST /v1/models/M/rollout}) is
 * theirs: the end leaves it, and the canary refuses to start over it.
 */
final class ServerRollout implements Rollout {
    static final String ACTOR = "pipeline";

    private final MetadataStore store;
    private final RegistryModels registryModels;
    private final ArmFigures arms;
    private final Clock clock;
    /** The roll-out this server last started for each model; guarded by {@code this}. */
    private final Map<String, Own> byModel = new HashMap<>();

    /** A model's roll-out as this server last started it. */
    private static final class Own {
        private int challenger;
        private String phase = "none";
        /** The version of this roll-out's last write of the model's plan; 0 before it wrote one. */
        private long version;

        /** Whether its shadow or canary is the phase it last stored. */
        private boolean live() {
            return phase.equals("shadow") || phase.equals("canary");
        }
    }

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
        RolloutPlan plan = new RolloutPlan(c.name(), mode, Integer.toString(c.version()), share, ACTOR, clock.instant());
        String reason = "pipeline " + mode.wireName();
        Own own = byModel.computeIfAbsent(c.name(), m -> new Own());
        own.version = own.live() ? replaceOwn(plan, reason, own) : store.rollouts().save(plan, reason);
        own.challenger = c.version();
        own.phase = mode.wireName();
        registryModels.refresh();
        arms.reset(c.name());
    }

    /*
     * The canary after this roll-out's shadow. Another pipeline write since is no person's: the executor that
     * took a run over ends the dead one's plan, and only the run this process executes may store the model's
     * plan now, so that one is replaced too. A person's write stops the roll-out.
     */
    private long replaceOwn(RolloutPlan plan, String reason, Own own) {
        long read = own.version;
        while (true) {
            OptionalLong written = store.rollouts().replace(plan, read, reason);
            if (written.isPresent()) {
                return written.getAsLong();
            }
            Optional<RolloutRepository.Stored> now = store.rollouts().stored(plan.model());
            if (now.isEmpty()) {
                return store.rollouts().save(plan, reason);
            }
            if (!now.get().plan().actor().equals(ACTOR)) {
                throw new IllegalStateException("the roll-out plan of " + plan.model() + " was set to " + now.get().plan().describe()
                        + " by " + now.get().plan().actor() + " during the pipeline's " + own.phase + "; it is left as it is");
            }
            read = now.get().version();
        }
    }

    @Override
    public synchronized LiveFigures liveFigures(String model) {
        Own own = byModel.get(model);
        return own == null ? LiveFigures.none() : arms.live(model, own.phase);
    }

    /*
     * promote and rollback act on the model's roll-out this server last started. An earlier run of the model that
     * left by an exception during its shadow or canary leaves its roll-out here, which that run's resume or abort
     * ends, and which a later run of the model must never promote: its challenger was another.
     */
    @Override
    public synchronized void promote(String model, int challenger) {
        Own own = byModel.get(model);
        // only the shadow or canary under way, of this challenger: after a rollback, or from an earlier run of the
        // model that left without ending it, the challenger held here is a rejected one
        if (own == null || challenger != own.challenger || !own.live()) {
            return;
        }
        store.registry().setAlias(ACTOR, model, RegistryModels.CHAMPION, challenger, "promoted after " + own.phase);
        end(model, own, "promoted");
    }

    @Override
    public synchronized void rollback(String model) {
        Own own = byModel.get(model);
        if (own == null || !own.live()) {
            return;
        }
        end(model, own, "rolled-back");
    }

    /** Ends the model's shadow or canary under way. */
    private void end(String model, Own own, String newPhase) {
        // empty when someone saved the model's plan since: theirs stays
        store.rollouts().replace(RolloutPlan.none(model, ACTOR, clock.instant()), own.version, newPhase);
        own.phase = newPhase;
        registryModels.refresh();
    }

    @Override
    public void close() {
        // the server owns the models and the figures
    }
}

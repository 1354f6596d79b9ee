package dev.loupe.core.rollout;

import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link RolloutRepository} contract, run against every metadata store adapter. */
public abstract class RolloutRepositoryContract {
    private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");

    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void plan_neverSet_isEmpty() {
        assertThat(store.rollouts().plan("covers")).isEmpty();
        assertThat(store.rollouts().plans()).isEmpty();
    }

    @Test
    void save_replacesTheModelsPlan_andKeepsOthers() {
        RolloutRepository r = store.rollouts();
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "challenger", 0, "ana", T0), "try it");
        r.save(new RolloutPlan("caps", RolloutPlan.Mode.SHADOW, "2", 0, "ana", T0), null);
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "3", 0.25, "bo", T0.plusSeconds(60)), "looks good");
        assertThat(r.plan("covers")).hasValue(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "3", 0.25, "bo", T0.plusSeconds(60)));
        assertThat(r.plans()).extracting(RolloutPlan::model).containsExactly("caps", "covers");
    }

    @Test
    void save_auditsEveryChange_withBeforeAfterAndReason() {
        RolloutRepository r = store.rollouts();
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "challenger", 0, "ana", T0), "try it");
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "challenger", 0, "ana", T0.plusSeconds(1)), "again");
        r.save(RolloutPlan.none("covers", "bo", T0.plusSeconds(2)), "worse");
        List<AuditEntry.Change> changes = store.audit().forEntity("model", "covers").stream().map(AuditEntry::change)
                .filter(c -> c.action().equals("set-rollout")).toList();
        assertThat(changes).containsExactly(
                new AuditEntry.Change("ana", "model", "covers", "set-rollout", null, "shadow challenger", "try it"),
                new AuditEntry.Change("bo", "model", "covers", "set-rollout", "shadow challenger", "none", "worse"));
    }

    @Test
    void save_numbersEachChange_andNotASameSave() {
        RolloutRepository r = store.rollouts();
        assertThat(r.save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "2", 0, "pipeline", T0), "shadow")).isEqualTo(1);
        assertThat(r.save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "2", 0, "ana", T0.plusSeconds(1)), "again"))
                .isEqualTo(1);
        assertThat(r.save(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0.plusSeconds(2)), "canary"))
                .isEqualTo(2);
        assertThat(r.stored("covers")).hasValue(new RolloutRepository.Stored(
                new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0.plusSeconds(2)), 2));
        assertThat(r.save(RolloutPlan.none("caps", "ana", T0), "nothing to end")).isZero();
        assertThat(r.stored("caps")).isEmpty();
    }

    @Test
    void replace_planStillTheOneRead_storesAndAuditsIt() {
        RolloutRepository r = store.rollouts();
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0), "pipeline canary");
        RolloutRepository.Stored read = r.stored("covers").orElseThrow();

        OptionalLong written = r.replace(RolloutPlan.none("covers", "pipeline", T0.plusSeconds(5)), read.version(), "ended");

        assertThat(written).hasValue(read.version() + 1);
        assertThat(r.stored("covers")).hasValue(new RolloutRepository.Stored(
                RolloutPlan.none("covers", "pipeline", T0.plusSeconds(5)), read.version() + 1));
        assertThat(setRollouts("covers")).endsWith(
                new AuditEntry.Change("pipeline", "model", "covers", "set-rollout", "canary 2 0.1", "none", "ended"));
    }

    @Test
    void replace_personSavedAPlanBetweenReadAndWrite_keepsThePersonsPlan() {
        RolloutRepository r = store.rollouts();
        r.save(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0), "pipeline canary");
        RolloutRepository.Stored read = r.stored("covers").orElseThrow();
        // same time and the same challenger: only the write's number tells the person's plan from the pipeline's
        RolloutPlan person = new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.5, "pipeline", T0);
        r.save(person, "more traffic to 2");

        OptionalLong written = r.replace(RolloutPlan.none("covers", "pipeline", T0), read.version(), "run ended");

        assertThat(written).isEmpty();
        assertThat(r.plan("covers")).hasValue(person);
        assertThat(setRollouts("covers")).extracting(AuditEntry.Change::reason)
                .containsExactly("pipeline canary", "more traffic to 2");
    }

    @Test
    void replace_aWriteComesBackToTheReadPlan_stillRefused() {
        RolloutRepository r = store.rollouts();
        RolloutPlan canary = new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0);
        long read = r.save(canary, "pipeline canary");
        r.save(RolloutPlan.none("covers", "ana", T0), "stop");
        r.save(canary, "another run's canary");

        assertThat(r.replace(RolloutPlan.none("covers", "pipeline", T0), read, "run ended")).isEmpty();
        assertThat(r.plan("covers")).hasValue(canary);
    }

    @Test
    void replace_neverSet_changesNothing() {
        RolloutRepository r = store.rollouts();
        assertThat(r.replace(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "2", 0, "pipeline", T0), 0, "shadow")).isEmpty();
        assertThat(r.replace(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "2", 0, "pipeline", T0), 1, "shadow")).isEmpty();
        assertThat(r.plan("covers")).isEmpty();
    }

    @Test
    void replace_concurrentWritersOfOneRead_onlyOneStores() throws Exception {
        RolloutRepository r = store.rollouts();
        long read = r.save(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", T0), "pipeline canary");
        int writers = 4;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<OptionalLong>> results = IntStream.range(0, writers).mapToObj(i -> pool.submit(() -> {
                together.await(1, TimeUnit.MINUTES);
                return r.replace(new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1 + 0.1 * (i + 1), "w" + i, T0),
                        read, "writer " + i);
            })).toList();
            List<OptionalLong> written = results.stream().map(f -> {
                try {
                    return f.get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();

            assertThat(written).filteredOn(OptionalLong::isPresent).containsExactly(OptionalLong.of(read + 1));
            String winner = r.plan("covers").orElseThrow().actor();
            assertThat(setRollouts("covers")).extracting(AuditEntry.Change::actor).containsExactly("pipeline", winner);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A model with versions 1 (champion) and 2 (challenger alias), and a person's shadow of {@code challenger}. */
    private void shadowOf(String challenger, String actor) {
        for (int i = 0; i < 2; i++) {
            store.registry().register("ci", "covers", "blob:v" + i, null, null, Map.of());
        }
        store.registry().setAlias("ci", "covers", "champion", 1, null);
        store.registry().setAlias("ci", "covers", "challenger", 2, null);
        store.rollouts().save(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, challenger, 0, actor, T0), "try 2");
    }

    @Test
    void registry_promotesThePlansChallenger_endsThePlan_auditedWithWhy() {
        shadowOf("2", "ana");

        store.registry().setAlias("bo", "covers", "champion", 2, "promote: better");

        RolloutPlan plan = store.rollouts().plan("covers").orElseThrow();
        assertThat(plan.mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(plan.actor()).isEqualTo("bo");
        AuditEntry.Change ended = setRollouts("covers").getLast();
        assertThat(ended.before()).isEqualTo("shadow 2");
        assertThat(ended.after()).isEqualTo("none");
        assertThat(ended.reason()).contains("challenger v2 is now the champion", "promote: better");
    }

    @Test
    void registry_challengerAliasBecomesTheChampion_endsThePlan() {
        shadowOf("challenger", "ana");

        store.registry().setAlias("bo", "covers", "champion", 2, null);

        assertThat(store.rollouts().plan("covers").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void registry_deletesTheChallengerVersion_endsThePlan() {
        shadowOf("2", "ana");

        store.registry().deleteVersion("bo", "covers", 2);

        assertThat(store.rollouts().plan("covers").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(setRollouts("covers").getLast().reason()).contains("'2' names no version", "version 2 was deleted");
    }

    @Test
    void registry_promotesAnotherVersion_keepsThePlan() {
        shadowOf("2", "ana");
        store.registry().register("ci", "covers", "blob:v3", null, null, Map.of());

        store.registry().setAlias("bo", "covers", "champion", 3, "hotfix");
        store.registry().deleteVersion("bo", "covers", 1);

        assertThat(store.rollouts().plan("covers")).hasValue(new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "2", 0, "ana", T0));
    }

    @Test
    void registry_promotesThePipelinesChallenger_leavesThePlanToThePipeline() {
        shadowOf("2", RolloutPlan.PIPELINE_ACTOR);

        store.registry().setAlias("bo", "covers", "champion", 2, null);

        assertThat(store.rollouts().plan("covers").orElseThrow().describe()).isEqualTo("shadow 2");
    }

    @Test
    void registry_deletesTheModel_endsThePlan_soANewModelOfThatNameStartsWithout() {
        shadowOf("2", "ana");

        store.registry().deleteModel("bo", "covers");
        store.registry().createModel("bo", "covers", null, Map.of());

        assertThat(store.rollouts().plan("covers").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        AuditEntry.Change ended = setRollouts("covers").getLast();
        assertThat(ended.before()).isEqualTo("shadow 2");
        assertThat(ended.actor()).isEqualTo("bo");
        assertThat(ended.reason()).contains("model covers was deleted");
    }

    @Test
    void registry_deletesTheModel_endsThePipelinesPlanToo() {
        shadowOf("2", RolloutPlan.PIPELINE_ACTOR);
        long read = store.rollouts().stored("covers").orElseThrow().version();

        store.registry().deleteModel("bo", "covers");

        assertThat(store.rollouts().plan("covers").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(store.rollouts().replace(RolloutPlan.none("covers", RolloutPlan.PIPELINE_ACTOR, T0), read, "promoted"))
                .isEmpty();
    }

    private List<AuditEntry.Change> setRollouts(String model) {
        return store.audit().forEntity("model", model).stream().map(AuditEntry::change)
                .filter(c -> c.action().equals("set-rollout")).toList();
    }

    @Test
    void plan_canaryWithoutShare_isRefused() {
        assertThatThrownBy(() -> new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0, "ana", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "", 0, "ana", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("challenger");
    }
}

package dev.loupe.core.rollout;

import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

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
    void plan_canaryWithoutShare_isRefused() {
        assertThatThrownBy(() -> new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0, "ana", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> new RolloutPlan("covers", RolloutPlan.Mode.SHADOW, "", 0, "ana", T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("challenger");
    }
}

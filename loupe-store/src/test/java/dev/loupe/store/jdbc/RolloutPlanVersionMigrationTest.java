package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V30 on both databases: a plan stored before plans were numbered is write 1, so the pipeline can end it
 * with a compare-and-set, and the next write is 2.
 */
class RolloutPlanVersionMigrationTest {
    @TempDir
    Path dir;

    @Test
    void open_sqliteWithAStoredPlan_makesItWriteOne() throws Exception {
        check(OlderSchema.sqlite(dir, "29"));
    }

    @Test
    void open_postgresWithAStoredPlan_makesItWriteOne() throws Exception {
        check(OlderSchema.postgres("29"));
    }

    private static void check(OlderSchema db) throws Exception {
        db.sql("INSERT INTO rollout_plan (model, mode, challenger, share, actor, updated_ms)"
                + " VALUES ('covers', 'CANARY', '2', 0.1, 'pipeline', 1000)");

        try (MetadataStore store = db.open()) {
            RolloutPlan canary = new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", Instant.ofEpochMilli(1000));
            assertThat(store.rollouts().stored("covers")).hasValue(new RolloutRepository.Stored(canary, 1));
            assertThat(store.rollouts().replace(RolloutPlan.none("covers", "pipeline", Instant.ofEpochMilli(2000)), 1, "ended"))
                    .hasValue(2);
            assertThat(store.schema().applied()).contains("V30__rollout_plan_version");
        }
    }
}

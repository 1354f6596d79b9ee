package dev.loupe.store.jdbc;

import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.rollout.RolloutRepository;
import dev.loupe.core.store.MetadataStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

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
        Path file = dir.resolve("loupe.db");
        check("jdbc:sqlite:" + file, null, SqliteMetadataStore.PLACEHOLDERS, () -> new SqliteMetadataStore(file));
    }

    @Test
    void open_postgresWithAStoredPlan_makesItWriteOne() throws Exception {
        PostgresTestServer server = PostgresTestServer.shared();
        String url = server.newDatabase();
        check(url, server.user(), PostgresMetadataStore.PLACEHOLDERS, () -> new PostgresMetadataStore(url, server.user(), null));
    }

    private static void check(String url, String user, Map<String, String> placeholders, Supplier<MetadataStore> open)
            throws Exception {
        Flyway.configure().dataSource(url, user, null).locations("classpath:db/migration").placeholders(placeholders)
                .target("29").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            s.execute("INSERT INTO rollout_plan (model, mode, challenger, share, actor, updated_ms)"
                    + " VALUES ('covers', 'CANARY', '2', 0.1, 'pipeline', 1000)");
        }

        try (MetadataStore store = open.get()) {
            RolloutPlan canary = new RolloutPlan("covers", RolloutPlan.Mode.CANARY, "2", 0.1, "pipeline", Instant.ofEpochMilli(1000));
            assertThat(store.rollouts().stored("covers")).hasValue(new RolloutRepository.Stored(canary, 1));
            assertThat(store.rollouts().replace(RolloutPlan.none("covers", "pipeline", Instant.ofEpochMilli(2000)), 1, "ended"))
                    .hasValue(2);
            assertThat(store.schema().applied()).contains("V30__rollout_plan_version");
        }
    }
}

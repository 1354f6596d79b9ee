package dev.loupe.store.jdbc;

import dev.loupe.core.monitoring.AlertState;
import dev.loupe.core.store.MetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V28 on both databases: a database written before alert rules were per model version keeps states named
 * {@code MODEL: EXPRESSION} that nothing updates any more; opening it removes them and their transitions,
 * and keeps every other state.
 */
class ModelWideAlertStatesMigrationTest {
    @TempDir
    Path dir;

    @Test
    void open_sqliteWithModelWideStates_removesOnlyThose() throws Exception {
        check(OlderSchema.sqlite(dir, "27"));
    }

    @Test
    void open_postgresWithModelWideStates_removesOnlyThose() throws Exception {
        check(OlderSchema.postgres("27"));
    }

    private static void check(OlderSchema db) throws Exception {
        List<String> rows = new ArrayList<>(List.of(
                "INSERT INTO monitor_reference (model, version, dataset, blob_id, size, created_ms)"
                        + " VALUES ('covers', '1', 'covers:1', 'ab', 10, 0)",
                "INSERT INTO registered_models (name, creation_ms, last_update_ms, last_version) VALUES ('line_2', 0, 0, 1)"));
        for (String[] state : new String[][]{
                {"covers: drift(brightness)", "FIRING"}, // an older server's, for a model with a reference
                {"line_2: drift(contrast)", "PENDING"}, // an older 'loupe monitor alerts --rule', a registered model
                {"covers/1: drift(brightness)", "FIRING"}, // per version: kept
                {"brightness-low", "FIRING"}, // named by its user: kept
                {"line-2: drift(contrast)", "FIRING"}}) { // no model line-2: '_' is no wildcard
            rows.add("INSERT INTO alert_state (rule, status, since_ms, value, message) VALUES ('" + state[0] + "', '"
                    + state[1] + "', 1000, 1.0, 'm')");
            rows.add("INSERT INTO alert_history (rule, status, since_ms, value, message) VALUES ('" + state[0] + "', '"
                    + state[1] + "', 1000, 1.0, 'm')");
        }
        db.sql(rows.toArray(String[]::new));

        try (MetadataStore store = db.open()) {
            assertThat(store.monitoring().alertStates()).extracting(AlertState::rule)
                    .containsExactly("brightness-low", "covers/1: drift(brightness)", "line-2: drift(contrast)");
            assertThat(store.monitoring().alertHistory("covers: drift(brightness)", 10)).isEmpty();
            assertThat(store.monitoring().alertHistory("line_2: drift(contrast)", 10)).isEmpty();
            assertThat(store.monitoring().alertHistory("covers/1: drift(brightness)", 10)).hasSize(1);
            assertThat(store.schema().applied()).contains("V28__model_wide_alert_states");
        }
    }
}

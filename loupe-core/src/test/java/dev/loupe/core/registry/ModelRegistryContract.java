package dev.loupe.core.registry;

import dev.loupe.core.store.AlreadyExistsException;
import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.core.store.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ModelRegistry} contract. Every metadata store adapter's test extends this and supplies a
 * fresh, empty, migrated store.
 */
public abstract class ModelRegistryContract {

    private static final String SRC = "blob:sha256:" + "ab".repeat(32);

    protected MetadataStore store;
    protected ModelRegistry registry;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        registry = store.registry();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createModel_roundTrips_andDuplicateIsRejected() {
        RegisteredModel m = registry.createModel("alice", "defect-cnn", "finds scratches", Map.of("owner", "line-3"));
        assertThat(registry.model("defect-cnn")).contains(m);
        assertThat(m.description()).isEqualTo("finds scratches");
        assertThat(m.tags()).containsEntry("owner", "line-3");
        assertThat(m.latestVersion()).isZero();
        assertThatThrownBy(() -> registry.createModel("bob", "defect-cnn", null, Map.of())).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> registry.createModel("bob", "a/b", null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createVersion_numbersFromOne_andNeverReusesANumber() {
        registry.createModel("ci", "m", null, Map.of());
        ModelVersion v1 = registry.createVersion("ci", "m", SRC, "run1", "first", Map.of("k", "v"));
        ModelVersion v2 = registry.createVersion("ci", "m", "/models/m2", null, null, Map.of());
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.source()).isEqualTo(SRC);
        assertThat(v1.runId()).isEqualTo("run1");
        assertThat(v1.status()).isEqualTo(ModelVersionStatus.READY);
        assertThat(v1.tags()).containsEntry("k", "v");
        assertThat(v2.version()).isEqualTo(2);
        registry.deleteVersion("ci", "m", 2);
        assertThat(registry.createVersion("ci", "m", SRC, null, null, Map.of()).version()).isEqualTo(3);
        assertThat(registry.versions("m")).extracting(ModelVersion::version).containsExactly(1, 3);
        assertThat(registry.model("m").orElseThrow().latestVersion()).isEqualTo(3);
    }

    @Test
    void createVersion_ofMissingModel_isNotFound_butRegisterCreatesIt() {
        assertThatThrownBy(() -> registry.createVersion("ci", "ghost", SRC, null, null, Map.of())).isInstanceOf(NotFoundException.class);
        assertThat(registry.register("ci", "ghost", SRC, null, null, Map.of()).version()).isEqualTo(1);
    }

    @Test
    void concurrentRegistrations_getDistinctVersions() throws Exception {
        registry.createModel("ci", "busy", null, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelVersion>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                fs.add(pool.submit(() -> registry.createVersion("ci", "busy", SRC, null, null, Map.of())));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<ModelVersion> f : fs) {
                numbers.add(f.get().version());
            }
            assertThat(numbers).doesNotHaveDuplicates().hasSize(12);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAliasMoves_leaveAnAuditChainWhereEachMoveStartsWhereTheLastEnded() throws Exception {
        registry.createModel("ci", "contested", null, Map.of());
        for (int i = 0; i < 4; i++) {
            registry.createVersion("ci", "contested", SRC, null, null, Map.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int version = 1 + i % 4;
                fs.add(pool.submit(() -> registry.setAlias("op" + version, "contested", "champion", version, null)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEntry.Change> moves = registry.history("contested").stream().map(AuditEntry::change)
                .filter(c -> c.action().equals("set-alias")).toList();
        assertThat(moves.getFirst().before()).isNull();
        for (int i = 1; i < moves.size(); i++) {
            assertThat(moves.get(i).before()).as("move %d of %s", i, moves).isEqualTo(moves.get(i - 1).after());
            assertThat(moves.get(i).after()).as("move %d of %s", i, moves).isNotEqualTo(moves.get(i).before());
        }
        assertThat("champion=" + registry.versionByAlias("contested", "champion").orElseThrow().version())
                .isEqualTo(moves.getLast().after());
    }

    @Test
    void concurrentFirstRegistrations_ofANewModel_allSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelVersion>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> registry.register("ci", "fresh", SRC, null, null, Map.of())));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<ModelVersion> f : fs) {
                numbers.add(f.get().version());
            }
            assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.history("fresh")).filteredOn(e -> e.change().action().equals("create-model")).hasSize(1);
    }

    @Test
    void namesAndTagKeysOver250Characters_areInvalid_onEveryBackend() {
        String tooLong = "k".repeat(251);
        registry.createModel("ci", "m", null, Map.of());
        registry.createVersion("ci", "m", SRC, null, null, Map.of());
        assertThatThrownBy(() -> registry.createModel("ci", tooLong, null, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.setModelTag("ci", "m", tooLong, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.setVersionTag("ci", "m", 1, tooLong, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.renameModel("ci", "m", tooLong)).isInstanceOf(IllegalArgumentException.class);
        registry.setModelTag("ci", "m", "k".repeat(250), "v".repeat(10_000));
        assertThat(registry.model("m").orElseThrow().tags()).containsEntry("k".repeat(250), "v".repeat(10_000));
    }

    @Test
    void setAlias_movesIt_andResolvesReferences() {
        registry.createModel("ci", "defect-cnn", null, Map.of());
        registry.createVersion("ci", "defect-cnn", SRC, null, null, Map.of());
        registry.createVersion("ci", "defect-cnn", SRC, null, null, Map.of());
        registry.setAlias("alice", "defect-cnn", "champion", 1, "first");
        registry.setAlias("bob", "defect-cnn", "champion", 2, "better recall");
        assertThat(registry.versionByAlias("defect-cnn", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.model("defect-cnn").orElseThrow().aliases()).isEqualTo(Map.of("champion", 2));
        assertThat(registry.version("defect-cnn", 2).orElseThrow().aliases()).containsExactly("champion");
        assertThat(registry.version("defect-cnn", 1).orElseThrow().aliases()).isEmpty();
        assertThat(registry.resolve(ModelRef.parse("defect-cnn@champion")).version()).isEqualTo(2);
        assertThat(registry.resolve(ModelRef.parse("defect-cnn/1")).version()).isEqualTo(1);
        assertThatThrownBy(() -> registry.resolve(ModelRef.parse("defect-cnn@nobody"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.resolve(ModelRef.parse("defect-cnn"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'defect-cnn' names no registered model version: use NAME/VERSION or NAME@ALIAS");
        assertThatThrownBy(() -> registry.setAlias("x", "defect-cnn", "champion", 9, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.setAlias("x", "defect-cnn", "latest", 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aliasChanges_areAudited_withWhoFromAndTo() {
        registry.createModel("ci", "defect-cnn", null, Map.of());
        registry.createVersion("ci", "defect-cnn", SRC, null, null, Map.of());
        registry.createVersion("ci", "defect-cnn", SRC, null, null, Map.of());
        registry.setAlias("alice", "defect-cnn", "champion", 1, null);
        registry.setAlias("bob", "defect-cnn", "champion", 2, "better recall");
        registry.deleteAlias("carol", "defect-cnn", "champion");
        List<AuditEntry.Change> aliasChanges = registry.history("defect-cnn").stream().map(AuditEntry::change)
                .filter(c -> c.action().endsWith("alias")).toList();
        assertThat(aliasChanges).containsExactly(
                new AuditEntry.Change("alice", "model", "defect-cnn", "set-alias", null, "champion=1", null),
                new AuditEntry.Change("bob", "model", "defect-cnn", "set-alias", "champion=1", "champion=2", "better recall"),
                new AuditEntry.Change("carol", "model", "defect-cnn", "delete-alias", "champion=2", null, null));
        assertThat(store.audit().forEntity("model", "defect-cnn")).hasSize(registry.history("defect-cnn").size());
    }

    @Test
    void everyWrite_appendsToTheAuditLog() {
        registry.createModel("ci", "m", null, Map.of());
        registry.setDescription("ci", "m", "d");
        registry.setModelTag("ci", "m", "k", "v");
        registry.deleteModelTag("ci", "m", "k");
        registry.createVersion("ci", "m", SRC, null, null, Map.of());
        registry.setVersionDescription("ci", "m", 1, "v1");
        registry.setVersionTag("ci", "m", 1, "stage", "qa");
        registry.deleteVersionTag("ci", "m", 1, "stage");
        registry.deleteVersion("ci", "m", 1);
        assertThat(registry.history("m")).extracting(e -> e.change().action()).containsExactly("create-model",
                "set-description", "set-tag", "delete-tag", "create-version", "set-version-description",
                "set-version-tag", "delete-version-tag", "delete-version");
    }

    @Test
    void renameModel_keepsVersionsAliasesAndHistory() {
        registry.createModel("ci", "old", null, Map.of());
        registry.createVersion("ci", "old", SRC, null, null, Map.of());
        registry.setAlias("ci", "old", "champion", 1, null);
        registry.renameModel("ci", "old", "new");
        assertThat(registry.model("old")).isEmpty();
        assertThat(registry.versionByAlias("new", "champion").orElseThrow().name()).isEqualTo("new");
        assertThat(registry.history("new")).extracting(e -> e.change().action())
                .containsExactly("create-model", "create-version", "set-alias", "rename");
        registry.createModel("ci", "taken", null, Map.of());
        assertThatThrownBy(() -> registry.renameModel("ci", "new", "taken")).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void deleteVersion_dropsItsAliases() {
        registry.createModel("ci", "m", null, Map.of());
        registry.createVersion("ci", "m", SRC, null, null, Map.of());
        registry.setAlias("ci", "m", "champion", 1, null);
        registry.deleteVersion("ci", "m", 1);
        assertThat(registry.versionByAlias("m", "champion")).isEmpty();
        assertThat(registry.model("m").orElseThrow().aliases()).isEmpty();
        assertThatThrownBy(() -> registry.deleteVersion("ci", "m", 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteModel_removesEverything_andANewModelStartsFresh() {
        registry.createModel("ci", "m", null, Map.of("k", "v"));
        registry.createVersion("ci", "m", SRC, null, null, Map.of("t", "1"));
        registry.setAlias("ci", "m", "champion", 1, null);
        registry.deleteModel("ci", "m");
        assertThat(registry.model("m")).isEmpty();
        assertThat(registry.versions("m")).isEmpty();
        registry.createModel("ci", "m", null, Map.of());
        assertThat(registry.createVersion("ci", "m", SRC, null, null, Map.of()).version()).isEqualTo(1);
        assertThat(registry.history("m")).extracting(e -> e.change().action()).containsExactly("create-model", "create-version");
    }

    @Test
    void searchVersions_byNameRunAndTag() {
        registry.createModel("ci", "a", null, Map.of());
        registry.createModel("ci", "b", null, Map.of());
        registry.createVersion("ci", "a", SRC, "r1", null, Map.of("stage", "qa"));
        registry.createVersion("ci", "a", SRC, "r2", null, Map.of());
        registry.createVersion("ci", "b", SRC, "r1", null, Map.of());
        assertThat(registry.searchVersions("name = 'a'")).extracting(ModelVersion::ref).containsExactly("a/2", "a/1");
        assertThat(registry.searchVersions("run_id = 'r1'")).extracting(ModelVersion::ref).containsExactly("a/1", "b/1");
        assertThat(registry.searchVersions("tags.stage = 'qa'")).extracting(ModelVersion::ref).containsExactly("a/1");
        assertThat(registry.searchVersions("")).hasSize(3);
        assertThat(registry.models()).extracting(RegisteredModel::name).containsExactly("a", "b");
    }

    @Test
    void missingModel_isNotFound() {
        assertThat(registry.model("nope")).isEmpty();
        assertThat(registry.version("nope", 1)).isEmpty();
        assertThatThrownBy(() -> registry.setModelTag("ci", "nope", "k", "v")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.deleteAlias("ci", "nope", "champion")).isInstanceOf(NotFoundException.class);
    }
}

package dev.loupe.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link MetadataStore} contract. Every adapter's test extends this and supplies a fresh, empty,
 * migrated store. Stages add their repository contracts next to this one.
 */
public abstract class MetadataStoreContract {

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
    void schema_isMigratedOnOpen() {
        SchemaStatus s = store.schema();
        assertThat(s.upToDate()).isTrue();
        assertThat(s.applied()).first().asString().startsWith("V1__");
        assertThat(s.pending()).isEmpty();
    }

    @Test
    void audit_appendAssignsIncreasingSeqAndKeepsValues() {
        AuditEntry a = store.audit().append(new AuditEntry.Change("alice", "alias", "defect-cnn@champion",
                "set-alias", null, "3", "first champion"));
        AuditEntry b = store.audit().append(new AuditEntry.Change("bob", "alias", "defect-cnn@champion",
                "set-alias", "3", "4", null));
        assertThat(b.seq()).isGreaterThan(a.seq());
        List<AuditEntry> log = store.audit().forEntity("alias", "defect-cnn@champion");
        assertThat(log).extracting(AuditEntry::seq).containsExactly(a.seq(), b.seq());
        assertThat(log.get(0).change()).isEqualTo(a.change());
        assertThat(log.get(1).change().before()).isEqualTo("3");
        assertThat(log.get(1).at()).isEqualTo(b.at());
    }

    @Test
    void audit_recentIsNewestFirstAndLimited() {
        for (int i = 0; i < 5; i++) {
            store.audit().append(new AuditEntry.Change("ci", "model", "m" + i, "create", null, null, null));
        }
        assertThat(store.audit().recent(3)).extracting(e -> e.change().entityId()).containsExactly("m4", "m3", "m2");
    }

    @Test
    void audit_concurrentAppends_loseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditEntry>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                fs.add(pool.submit(() -> store.audit().append(
                        new AuditEntry.Change("t" + n, "model", "concurrent", "touch", null, Integer.toString(n), null))));
            }
            for (Future<AuditEntry> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.audit().forEntity("model", "concurrent")).hasSize(40)
                .extracting(e -> e.change().after()).doesNotHaveDuplicates();
    }
}

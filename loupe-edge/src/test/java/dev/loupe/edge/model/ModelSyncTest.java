package dev.loupe.edge.model;

import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.edge.TestPackages;
import dev.loupe.edge.metrics.EdgeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ModelSyncTest {
    @TempDir
    Path dir;

    @Test
    void check_aliasMoves_installsVerifiesAndSwaps_keepingThePreviousForRollback() throws Exception {
        ModelPackage v1 = TestPackages.covers("covers", 0.5, Optional.empty());
        ModelPackage v2 = TestPackages.covers("covers", 0.6, Optional.empty());
        try (dev.loupe.edge.PlatformAccess p = new dev.loupe.edge.PlatformAccess(dir.resolve("platform"), v1);
             ActiveModel active = new ActiveModel(x -> x)) {
            ModelVersion r1 = p.register(v1);
            p.store().registry().setAlias("test", "covers", "champion", r1.version(), "first");
            ModelSlots slots = new ModelSlots(dir.resolve("slots"));
            ModelSync sync = new ModelSync(HttpClient.newHttpClient(), p.url(), "covers", "champion", Optional.empty(), slots,
                    active, 1, new EdgeMetrics("st"), Duration.ZERO);

            assertThat(sync.check()).isEqualTo(new ModelSync.Outcome.Installed("1", v1.sha256()));
            assertThat(sync.check()).isEqualTo(new ModelSync.Outcome.Unchanged());

            ModelVersion r2 = p.register(v2);
            p.store().registry().setAlias("test", "covers", "champion", r2.version(), "better");
            assertThat(sync.check()).isEqualTo(new ModelSync.Outcome.Installed("2", v2.sha256()));
            assertThat(active.current().orElseThrow().policy().threshold()).isEqualTo(0.6);
            assertThat(slots.active().orElseThrow().sha256()).isEqualTo(v2.sha256());
            assertThat(slots.previous().orElseThrow().sha256()).isEqualTo(v1.sha256());

            assertThat(slots.rollback().orElseThrow().version()).isEqualTo("1");
            assertThat(slots.read(slots.active().orElseThrow()).sha256()).isEqualTo(v1.sha256());
        }
    }

    @Test
    void check_unknownModel_failsAndKeepsTheCurrentModel() throws Exception {
        ModelPackage v1 = TestPackages.covers("covers", 0.5, Optional.empty());
        try (dev.loupe.edge.PlatformAccess p = new dev.loupe.edge.PlatformAccess(dir.resolve("platform"), v1);
             ActiveModel active = new ActiveModel(x -> x)) {
            active.swap(v1, "local", 1);
            ModelSync sync = new ModelSync(HttpClient.newHttpClient(), p.url(), "nope", "champion", Optional.empty(),
                    new ModelSlots(dir.resolve("slots")), active, 1, new EdgeMetrics("st"), Duration.ZERO);
            assertThat(sync.check()).isInstanceOf(ModelSync.Outcome.Failed.class);
            assertThat(active.current().orElseThrow().version()).isEqualTo("local");
        }
    }
}

package dev.loupe.serve.model;

import dev.loupe.core.rollout.RolloutPlan.Mode;
import dev.loupe.serve.ServeException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveModelsTest {

    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final List<String> loaded = new CopyOnWriteArrayList<>();
    private final LiveModels models = new LiveModels(this::load, m -> {
    });

    private ModelFiles.Loaded load(String name, String version) {
        loaded.add(version);
        ServedModel m = new ServedModel(name, version, List.of(), List.of(), (feeds, wanted) -> Map.of(), List.of(), Optional.empty());
        return new ModelFiles.Loaded(m, List.of(() -> closed.add(version)));
    }

    @Test
    void set_newChampion_oldOneClosesOnlyAfterItsInFlightRequest() throws Exception {
        models.set("covers", LiveModels.Route.championOnly("1"));
        ModelLease inFlight = models.acquire("covers", Optional.empty(), "k");
        models.set("covers", LiveModels.Route.championOnly("2"));
        assertThat(models.acquire("covers", Optional.empty(), "k").model().version()).isEqualTo("2");
        assertThat(closed).doesNotContain("1");
        assertThat(inFlight.model().version()).isEqualTo("1");
        inFlight.close();
        inFlight.close(); // a second close releases nothing more
        assertThat(closed).containsExactly("1");
    }

    @Test
    void set_sameChampionWithChallenger_doesNotReloadTheChampion() throws Exception {
        models.set("covers", LiveModels.Route.championOnly("1"));
        models.set("covers", new LiveModels.Route("1", Optional.of("2"), Mode.SHADOW, 0));
        models.set("covers", LiveModels.Route.championOnly("1"));
        assertThat(loaded).containsExactly("1", "2");
        assertThat(closed).containsExactly("2");
        assertThat(models.loads()).isEqualTo(2);
        assertThat(models.unloads()).isEqualTo(1);
    }

    @Test
    void acquire_shadow_championAnswersAndChallengerComesAlong() throws Exception {
        models.set("covers", new LiveModels.Route("1", Optional.of("2"), Mode.SHADOW, 0));
        try (ModelLease lease = models.acquire("covers", Optional.empty(), "k")) {
            assertThat(lease.model().version()).isEqualTo("1");
            assertThat(lease.arm()).isEqualTo(ModelLease.Arm.CHAMPION);
            assertThat(lease.shadow()).hasValueSatisfying(s -> {
                assertThat(s.model().version()).isEqualTo("2");
                assertThat(s.arm()).isEqualTo(ModelLease.Arm.SHADOW);
            });
            lease.shadow().get().close();
        }
    }

    @Test
    void acquire_canary_sendsAboutTheShare_stickyPerKey() throws Exception {
        models.set("covers", new LiveModels.Route("1", Optional.of("2"), Mode.CANARY, 0.2));
        int challenger = 0;
        for (int i = 0; i < 5_000; i++) {
            String key = "station-" + i;
            String first = version(key);
            assertThat(version(key)).isEqualTo(first);
            challenger += first.equals("2") ? 1 : 0;
        }
        assertThat(challenger / 5_000.0).isBetween(0.17, 0.23);
    }

    @Test
    void acquire_versionNotServed_isNotFoundNamingTheServedOnes() throws Exception {
        models.set("covers", LiveModels.Route.championOnly("3"));
        assertThatThrownBy(() -> models.acquire("covers", Optional.of("1"), "k")).isInstanceOf(ServeException.class)
                .hasMessageContaining("[3]");
        assertThatThrownBy(() -> models.acquire("caps", Optional.empty(), "k")).isInstanceOf(ServeException.class)
                .hasMessageContaining("covers");
    }

    @Test
    void set_loaderFails_keepsServingTheOldRoute() throws Exception {
        LiveModels failing = new LiveModels((n, v) -> {
            if (v.equals("2")) {
                throw new java.io.IOException("no package");
            }
            return load(n, v);
        }, m -> {
        });
        failing.set("covers", LiveModels.Route.championOnly("1"));
        assertThatThrownBy(() -> failing.set("covers", LiveModels.Route.championOnly("2"))).hasMessageContaining("no package");
        assertThat(failing.acquire("covers", Optional.empty(), "k").model().version()).isEqualTo("1");
        failing.close();
    }

    private String version(String key) {
        try (ModelLease l = models.acquire("covers", Optional.empty(), key)) {
            return l.model().version();
        }
    }
}

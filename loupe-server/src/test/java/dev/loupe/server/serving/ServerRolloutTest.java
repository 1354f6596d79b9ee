package dev.loupe.server.serving;

import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.server.LoupeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline's roll-out on a server ends or replaces only its own stored plan: one a person sets during
 * its shadow or canary ({@code POST /v1/models/M/rollout}, over a real socket) is left as they set it. It
 * promotes or ends only the roll-out of the model named, and keeps one for every model at once.
 */
class ServerRolloutTest {

    @TempDir
    Path dir;

    private ServedHome home;
    private LoupeServer server;
    private Rollout rollout;
    private ModelVersion champion;
    private ModelVersion challenger;

    @BeforeEach
    void start() throws Exception {
        home = new ServedHome(dir);
        home.register("covers", 0.5);
        home.register("covers", 0.9);
        home.alias("covers", "champion", 1);
        server = home.start(ServingFixture.fastPolling());
        rollout = server.serving().orElseThrow().rollout();
        champion = home.store.registry().version("covers", 1).orElseThrow();
        challenger = home.store.registry().version("covers", 2).orElseThrow();
    }

    @AfterEach
    void stop() {
        home.close();
    }

    private RolloutPlan stored() {
        return home.store.rollouts().plan("covers").orElseThrow();
    }

    @Test
    void rollback_ownCanary_endsIt() {
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);

        rollout.rollback("covers");

        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(stored().actor()).isEqualTo(ServerRollout.ACTOR);
    }

    @Test
    void promote_afterARollback_leavesTheChampion() {
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);
        rollout.rollback("covers");

        // the run resumed in PROMOTING after a crash there
        rollout.promote("covers", 2);

        assertThat(home.store.registry().versionByAlias("covers", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void promote_anotherModelsCanaryLeftUnderWay_leavesItsChampionAndCanary() {
        // a run of covers left by an exception during its canary; a run of plates is resumed in PROMOTING
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);

        rollout.promote("plates", 2);

        assertThat(home.store.registry().versionByAlias("covers", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(stored().describe()).isEqualTo("canary 2 0.5");
        assertThat(rollout.liveFigures("covers").phase()).isEqualTo("canary");
    }

    @Test
    void promote_anEarlierRunsCanaryOfTheSameModelLeftUnderWay_leavesItsRejectedChallengerOut() {
        // a run of covers with challenger 2 left during its canary; a later run of covers, with challenger 3, is
        // resumed in PROMOTING on this server
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);

        rollout.promote("covers", 3);

        assertThat(home.store.registry().versionByAlias("covers", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(stored().describe()).isEqualTo("canary 2 0.5");
    }

    @Test
    void rollback_anotherModelsShadowLeftUnderWay_leavesIt() {
        rollout.startShadow(champion, challenger);

        rollout.rollback("plates");

        assertThat(stored().describe()).isEqualTo("shadow 2");
        assertThat(rollout.liveFigures("covers").phase()).isEqualTo("shadow");
        rollout.rollback("covers");
        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void twoModels_rollOutSideBySide_eachEndsOnlyItsOwn() {
        home.register("plates", 0.5);
        home.register("plates", 0.9);
        home.alias("plates", "champion", 1);
        ModelVersion platesChampion = home.store.registry().version("plates", 1).orElseThrow();
        ModelVersion platesChallenger = home.store.registry().version("plates", 2).orElseThrow();
        rollout.startShadow(champion, challenger);
        rollout.startShadow(platesChampion, platesChallenger);
        rollout.startCanary(champion, challenger, 0.5);

        rollout.rollback("plates");
        rollout.promote("covers", 2);

        assertThat(home.store.registry().versionByAlias("covers", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(home.store.registry().versionByAlias("plates", "champion").orElseThrow().version()).isEqualTo(1);
        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(home.store.rollouts().plan("plates").orElseThrow().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(rollout.liveFigures("covers").phase()).isEqualTo("promoted");
        assertThat(rollout.liveFigures("plates").phase()).isEqualTo("rolled-back");
    }

    @Test
    void liveFigures_anotherModelsShadowUnderWay_areNone() {
        rollout.startShadow(champion, challenger);

        assertThat(rollout.liveFigures("plates")).isEqualTo(LiveFigures.none());
    }

    @Test
    void promote_ownCanary_makesTheChallengerTheChampion() {
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);

        rollout.promote("covers", 2);

        assertThat(home.store.registry().versionByAlias("covers", "champion").orElseThrow().version()).isEqualTo(2);
        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }

    @Test
    void rollback_personSetACanaryDuringThePipelines_leavesTheirs() throws Exception {
        rollout.startShadow(champion, challenger);
        rollout.startCanary(champion, challenger, 0.5);
        HttpResponse<String> person = ServingFixture.post(server, "/v1/models/covers/rollout",
                "{\"mode\":\"canary\",\"challenger\":\"2\",\"share\":0.1,\"reason\":\"less traffic to 2\"}");
        assertThat(person.statusCode()).as(person.body()).isEqualTo(200);

        rollout.rollback("covers");

        assertThat(stored().describe()).isEqualTo("canary 2 0.1");
        assertThat(stored().actor()).isNotEqualTo(ServerRollout.ACTOR);
    }

    @Test
    void startCanary_personEndedTheShadow_isRefusedAndLeavesTheirPlan() throws Exception {
        rollout.startShadow(champion, challenger);
        HttpResponse<String> person = ServingFixture.post(server, "/v1/models/covers/rollout", "{\"mode\":\"none\"}");
        assertThat(person.statusCode()).as(person.body()).isEqualTo(200);

        assertThatThrownBy(() -> rollout.startCanary(champion, challenger, 0.5))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set to none by");
        rollout.rollback("covers");

        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
        assertThat(stored().actor()).isNotEqualTo(ServerRollout.ACTOR);
    }

    @Test
    void startCanary_aPipelineEndedTheShadow_storesTheCanary() {
        rollout.startShadow(champion, challenger);
        // another executor took the run over and ended this one's plan; this process executes the run again
        home.store.rollouts().save(RolloutPlan.none("covers", ServerRollout.ACTOR, Instant.now()), "taken over");

        rollout.startCanary(champion, challenger, 0.5);

        assertThat(stored().describe()).isEqualTo("canary 2 0.5");
        rollout.rollback("covers");
        assertThat(stored().mode()).isEqualTo(RolloutPlan.Mode.NONE);
    }
}

package dev.loupe.edge.infer;

import dev.loupe.core.decision.DecisionPolicy;
import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.TestGraphs;
import dev.loupe.data.generate.LineOptions;
import dev.loupe.data.generate.ProductionLine;
import dev.loupe.data.generate.Scenario;
import dev.loupe.edge.TestPackages;
import dev.loupe.edge.model.ActiveModel;
import dev.loupe.edge.record.EdgeRecord;
import dev.loupe.edge.source.Capture;
import dev.loupe.serve.PredictionServer;
import dev.loupe.serve.ServeConfig;
import dev.loupe.serve.model.ModelFiles;
import dev.loupe.serve.model.ModelRepository;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The OIP v2 binary path against a real prediction server on loopback. */
class V2BinaryClientTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void infer_oneColumnScore_answersAsTheStationModelScoresLocally() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        try (PredictionServer server = serve(pkg); ActiveModel active = loaded(pkg)) {
            V2BinaryClient v2 = client(server, "covers", active);
            LocalInference local = new LocalInference(active);
            for (int i = 0; i < 5; i++) {
                Capture frame = frame(i);
                Answer remote = v2.infer(frame);
                Answer here = local.infer(frame(i));
                assertThat(remote.score()).isCloseTo(here.score(), within(1e-6));
                assertThat(remote.label()).isEqualTo(here.label());
                assertThat(remote.via()).isEqualTo(EdgeRecord.Via.REMOTE);
                assertThat(remote.model()).isEqualTo("covers");
                assertThat(remote.version()).isEqualTo("1");
                assertThat(remote.policy().threshold()).isEqualTo(0.59);
            }
        }
    }

    @Test
    void infer_twoColumnScore_readsThePositiveLabelsColumn() throws Exception {
        ModelDescriptor base = TestPackages.covers("pair", 0.5, Optional.empty()).descriptor();
        ModelPackage pkg = ModelPackage.of(new ModelDescriptor("pair", List.of("ok", "defect"), "defect", base.input(), "probs",
                Optional.empty(), 0.5, Optional.empty(), base.lineage(), base.metrics(), base.createdAt()), TestGraphs.twoColumnSoftmax(1));
        try (PredictionServer server = serve(pkg); ActiveModel active = loaded(pkg)) {
            Answer remote = client(server, "pair", active).infer(frame(3));
            Answer here = new LocalInference(active).infer(frame(3));
            assertThat(remote.score()).isCloseTo(here.score(), within(1e-6)).isGreaterThan(0.5);
            assertThat(remote.label()).isEqualTo("defect");
        }
    }

    @Test
    void infer_modelTheServerDoesNotHave_failsWithTheServersAnswer() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        try (PredictionServer server = serve(pkg); ActiveModel active = loaded(pkg)) {
            assertThatThrownBy(() -> client(server, "other", active).infer(frame(0)))
                    .isInstanceOf(InferenceFailure.class).hasMessageContaining("server answered 404");
        }
    }

    @Test
    void infer_serverGone_failsAsUnreachable() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        PredictionServer server = serve(pkg);
        try (ActiveModel active = loaded(pkg)) {
            V2BinaryClient v2 = client(server, "covers", active);
            server.close();
            assertThatThrownBy(() -> v2.infer(frame(0))).isInstanceOf(InferenceFailure.class).hasMessageContaining("unreachable");
        }
    }

    @Test
    void infer_noStationModel_failsSayingTheDescriptorIsMissing() throws Exception {
        ModelPackage pkg = TestPackages.covers("covers", 0.59, Optional.empty());
        try (PredictionServer server = serve(pkg); ActiveModel none = new ActiveModel(p -> p)) {
            assertThatThrownBy(() -> client(server, "covers", none).infer(frame(0)))
                    .isInstanceOf(InferenceFailure.class).hasMessageContaining("no model descriptor");
        }
    }

    private static V2BinaryClient client(PredictionServer server, String model, ActiveModel active) {
        return new V2BinaryClient(HTTP, "http://127.0.0.1:" + server.httpPort() + "/", model, Duration.ofSeconds(10),
                Optional.empty(), active);
    }

    private static PredictionServer serve(ModelPackage pkg) throws Exception {
        ModelFiles.Loaded m = ModelFiles.load(pkg.descriptor().name(), "1", pkg, DecisionPolicy.of(pkg.descriptor()));
        return PredictionServer.start(ServeConfig.defaults().withPorts(0, -1), ModelRepository.of(List.of(m.served())), m.owned());
    }

    private static ActiveModel loaded(ModelPackage pkg) throws Exception {
        ActiveModel active = new ActiveModel(p -> p);
        active.swap(pkg, "local", 1);
        return active;
    }

    private static Capture frame(int i) {
        byte[] png = new ProductionLine(Scenario.DIMMING, 7, LineOptions.defaults().withSize(32)).frame(i * 40L).png();
        return new Capture("st-" + i, "test:" + i, System.nanoTime(), png, null);
    }
}

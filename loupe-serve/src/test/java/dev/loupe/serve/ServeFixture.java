package dev.loupe.serve;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.serve.infer.ServingObserver;
import dev.loupe.serve.model.ModelRepository;

import java.util.List;

/** A prediction server on 127.0.0.1 (ephemeral ports) serving {@link TestModels}, with a REST client. */
public final class ServeFixture implements AutoCloseable {
    public final PredictionServer server;
    public final Http http;

    private ServeFixture(PredictionServer server) {
        this.server = server;
        this.http = new Http(server.httpPort());
    }

    public static ServeFixture start(ServeConfig config) throws InferenceException {
        TestModels models = new TestModels();
        return new ServeFixture(PredictionServer.start(config, models.repository(), List.of(models)));
    }

    public static ServeFixture start(ServeConfig config, ModelRepository models, List<AutoCloseable> owned) {
        return new ServeFixture(PredictionServer.start(config, models, owned));
    }

    public static ServeFixture start(ServeConfig config, ModelRepository models, ServingObserver observer, List<AutoCloseable> owned) {
        return new ServeFixture(PredictionServer.start(config, models, observer, owned));
    }

    @Override
    public void close() {
        server.close();
    }
}

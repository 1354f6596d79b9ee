package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.BuildInfo;
import dev.loupe.core.inference.TensorSpec;
import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.InferResponse;
import dev.loupe.serve.infer.Inferencer;
import dev.loupe.serve.infer.RequestInfo;
import dev.loupe.serve.model.ServedModel;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Open Inference Protocol v2 REST endpoints (kserve/open-inference-protocol
 * {@code specification/protocol/inference_rest.md}) with two extensions, reported in the server
 * metadata: {@code binary_tensor_data} and {@code classification} (as Triton defines them).
 *
 * <p>Paths with and without {@code /versions/{version}} are both served; without one the server picks
 * the model's latest version. Every error is {@code {"error": "..."}} with a 4xx or 5xx status.
 *
 * <p>An inference is known by the request's {@code id}, else its {@code X-Request-Id} header, else a new id,
 * returned in the {@code X-Request-Id} response header (feedback refers to it); the inspection station is
 * the {@code X-Station} header or the request parameter {@code station}.
 */
public final class V2Service implements HttpService {

    static final HeaderName INFERENCE_HEADER_LENGTH = HeaderNames.create("Inference-Header-Content-Length");
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "classification");

    private final Inferencer inferencer;
    private final ObjectMapper json;
    private final RestErrors errors;

    public V2Service(Inferencer inferencer, ObjectMapper json, long retryAfterSeconds) {
        this.inferencer = inferencer;
        this.json = json;
        this.errors = new RestErrors(retryAfterSeconds);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v2/health/live", (req, res) -> handle(res, () -> sendJson(res, json.createObjectNode().put("live", true))))
                .get("/v2/health/ready", (req, res) -> handle(res, () -> sendJson(res, json.createObjectNode().put("ready", true))))
                .get("/v2", (req, res) -> handle(res, () -> serverMetadata(res)))
                .get("/v2/models/{model}", (req, res) -> handle(res, () -> modelMetadata(req, res)))
                .get("/v2/models/{model}/versions/{version}", (req, res) -> handle(res, () -> modelMetadata(req, res)))
                .get("/v2/models/{model}/ready", (req, res) -> handle(res, () -> modelReady(req, res)))
                .get("/v2/models/{model}/versions/{version}/ready", (req, res) -> handle(res, () -> modelReady(req, res)))
                .post("/v2/models/{model}/infer", (req, res) -> handle(res, () -> infer(req, res)))
                .post("/v2/models/{model}/versions/{version}/infer", (req, res) -> handle(res, () -> infer(req, res)));
    }

    private void serverMetadata(ServerResponse res) {
        ObjectNode n = json.createObjectNode();
        n.put("name", "loupe");
        n.put("version", BuildInfo.current().version());
        ArrayNode ext = n.putArray("extensions");
        EXTENSIONS.forEach(ext::add);
        sendJson(res, n);
    }

    private void modelMetadata(ServerRequest req, ServerResponse res) {
        ServedModel m = model(req);
        ObjectNode n = json.createObjectNode();
        n.put("name", m.name());
        ArrayNode versions = n.putArray("versions");
        inferencer.models().versions(m.name()).forEach(versions::add);
        n.put("platform", "onnx_onnxv1");
        tensors(n.putArray("inputs"), m.inputs());
        tensors(n.putArray("outputs"), m.outputs());
        sendJson(res, n);
    }

    private void modelReady(ServerRequest req, ServerResponse res) {
        ServedModel m = model(req);
        sendJson(res, json.createObjectNode().put("name", m.name()).put("ready", true));
    }

    private void infer(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("model");
        ServedModel m = RestBodies.counted(inferencer.observer(), name, "", () -> model(req));
        RestInferRequest decoded = RestBodies.counted(inferencer.observer(), m.name(), m.version(),
                () -> RestInferRequest.decode(json, m, RestBodies.read(req), headerLength(req)));
        String requestId = decoded.request().id().or(() -> req.headers().first(InspectService.REQUEST_ID))
                .orElseGet(RequestIds::next);
        res.header(InspectService.REQUEST_ID, requestId);
        String station = req.headers().first(InspectService.STATION).or(decoded::station).orElse("");
        RequestInfo info = RestBodies.counted(inferencer.observer(), m.name(), m.version(), () -> new RequestInfo(requestId, station));
        InferResponse response = inferencer.infer(decoded.request(), info);
        RestInferResponse encoded = RestInferResponse.encode(json.getFactory(), response, decoded::binary);
        if (encoded.headerLength() >= 0) {
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(INFERENCE_HEADER_LENGTH, Integer.toString(encoded.headerLength()));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
        }
        res.send(encoded.body());
    }

    private ServedModel model(ServerRequest req) {
        var params = req.path().pathParameters();
        Optional<String> version = params.contains("version") ? Optional.of(params.get("version")) : Optional.empty();
        return inferencer.models().resolve(params.get("model"), version);
    }

    private static OptionalLong headerLength(ServerRequest req) {
        Optional<String> h = req.headers().first(INFERENCE_HEADER_LENGTH);
        if (h.isEmpty()) {
            return OptionalLong.empty();
        }
        long length;
        try {
            length = Long.parseLong(h.get().trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            throw ServeException.badRequest("Inference-Header-Content-Length must be a non-negative integer (the JSON header's"
                    + " length in bytes), got '" + h.get() + "'");
        }
        return OptionalLong.of(length);
    }

    private static void tensors(ArrayNode into, List<TensorSpec> specs) {
        for (TensorSpec s : specs) {
            ObjectNode t = into.addObject();
            t.put("name", s.name());
            t.put("datatype", s.type().name());
            ArrayNode shape = t.putArray("shape");
            for (long d : s.shape()) {
                shape.add(d);
            }
        }
    }

    private void sendJson(ServerResponse res, ObjectNode node) {
        try {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ServeException(ServeException.Kind.INTERNAL, "writing the answer failed", e);
        }
    }

    void handle(ServerResponse res, Runnable action) {
        RestBodies.handle(errors, res, action);
    }
}

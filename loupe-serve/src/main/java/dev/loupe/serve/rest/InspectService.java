package dev.loupe.serve.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.monitoring.RequestIds;
import dev.loupe.serve.ServeException;
import dev.loupe.serve.infer.Inspector;
import dev.loupe.serve.infer.RequestInfo;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Optional;

/**
 * The plain image endpoint for inspection stations: {@code POST /v1/models/{model}[/versions/{v}]/inspect}
 * with the image file as the body (any content type but multipart) or as the file of a
 * {@code multipart/form-data} form ({@link Multipart} says which part that is). Answers
 * {@code {label, score, decision, threshold, model, version, request_id, latency_ms}}, where decision
 * is {@code pass}, {@code reject} or {@code review}; {@code request_id} is the client's
 * {@code X-Request-Id} or a new one; {@code X-Station} names the inspection station (logged, and keeps a
 * canary roll-out sticky per station), or else a form's {@code station} field. Errors as V2: a status and
 * {@code {"error": "..."}}.
 */
public final class InspectService implements HttpService {

    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    static final HeaderName STATION = HeaderNames.create("X-Station");

    private final Inspector inspector;
    private final ObjectMapper json;
    private final RestErrors errors;

    public InspectService(Inspector inspector, ObjectMapper json, long retryAfterSeconds) {
        this.inspector = inspector;
        this.json = json;
        this.errors = new RestErrors(retryAfterSeconds);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/models/{model}/inspect", this::inspect)
                .post("/v1/models/{model}/versions/{version}/inspect", this::inspect);
    }

    private void inspect(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String requestId = req.headers().first(REQUEST_ID).orElseGet(RequestIds::next);
        res.header(REQUEST_ID, requestId);
        RestBodies.handle(errors, res, () -> {
            var params = req.path().pathParameters();
            Optional<String> version = params.contains("version") ? Optional.of(params.get("version")) : Optional.empty();
            String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            // a plain body is the image; a form's file part is, and its station field may name the station
            Multipart.Form form = RestBodies.counted(inspector.observer(), params.get("model"), version.orElse(""), () -> {
                byte[] body = RestBodies.read(req);
                return Multipart.is(contentType) ? Multipart.parse(contentType, body) : new Multipart.Form(body, Map.of());
            });
            byte[] image = form.file();
            String station = req.headers().first(STATION).or(() -> form.field("station")).orElse("");
            RequestInfo info = RestBodies.counted(inspector.observer(), params.get("model"), version.orElse(""),
                    () -> new RequestInfo(requestId, station));
            Inspector.Inspection i = inspector.inspect(params.get("model"), version, image, info);
            ObjectNode n = json.createObjectNode();
            n.put("label", i.label());
            n.put("score", i.score());
            n.put("decision", i.decision().wireName());
            n.put("threshold", i.threshold());
            n.put("model", i.model());
            n.put("version", i.version());
            n.put("request_id", requestId);
            n.put("latency_ms", (System.nanoTime() - start) / 1e6);
            try {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(json.writeValueAsBytes(n));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ServeException(ServeException.Kind.INTERNAL, "writing the answer failed", e);
            }
        });
    }
}

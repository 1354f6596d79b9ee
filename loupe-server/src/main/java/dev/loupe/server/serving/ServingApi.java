package dev.loupe.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.monitoring.Feedback;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.rollout.RolloutPlan;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.serve.model.LiveModels;
import dev.loupe.serve.rest.ErrorBody;
import dev.loupe.server.QueryParams;
import dev.loupe.server.console.ConsoleAuth;
import dev.loupe.server.console.Principal;
import dev.loupe.server.console.Role;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The serving API beside the inference protocols:
 * <ul>
 *   <li>{@code POST /v1/feedback {request_id, label, source}}: a label for a served prediction, to the
 *       feedback store, answered once the label and the prediction it labels are both written (a prediction
 *       still in the recorder's buffer is written first); 404 when the request id is not in the prediction log, 400 for a label that is not
 *       the project's or the model's, or a source that is not a string of at most 200 characters;</li>
 *   <li>{@code GET /v1/models/{m}/rollout}: the roll-out plan and each arm's live figures;
 *       {@code POST} with {@code {mode: none|shadow|canary, challenger: version|alias, share, reason}}
 *       changes it (stored, audited, applied at once here and within a poll interval on other servers);</li>
 *   <li>{@code GET /v1/models/{m}/monitor}: the champion's drift detectors and alerts, or why it is not monitored.</li>
 * </ul>
 * Authorisation through the console's one hook: feedback needs {@link Role#DEVICE}, reads {@link Role#VIEWER},
 * changes {@link Role#OPERATOR}. Errors are {@code {"error": "..."}}; a 500 says what failed and an error id, under
 * which the exception is logged.
 */
final class ServingApi implements HttpService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServingApi.class);
    private static final int MAX_SOURCE_CHARS = 200;

    private final ObjectMapper json;
    private final ConsoleAuth auth;
    private final MetadataStore store;
    private final LiveModels live;
    private final RegistryModels registryModels;
    private final ArmFigures arms;
    private final LiveMonitors monitors;
    private final ServingTelemetry telemetry;
    private final List<String> labels;
    private final Clock clock;

    ServingApi(ObjectMapper json, ConsoleAuth auth, MetadataStore store, LiveModels live, RegistryModels registryModels,
               ArmFigures arms, LiveMonitors monitors, ServingTelemetry telemetry, List<String> labels, Clock clock) {
        this.json = json;
        this.auth = auth;
        this.store = store;
        this.live = live;
        this.registryModels = registryModels;
        this.arms = arms;
        this.monitors = monitors;
        this.telemetry = telemetry;
        this.labels = List.copyOf(labels);
        this.clock = clock;
    }

    /** An answer with a status, for the one error path. */
    private static final class ApiError extends RuntimeException {
        final Status status;

        ApiError(Status status, String message) {
            super(message);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(ServerRequest req, Principal who) throws Exception;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/feedback", guarded(Role.DEVICE, "storing the feedback failed", this::feedback))
                .get("/v1/models/{model}/rollout", guarded(Role.VIEWER, "reading the roll-out failed",
                        (req, who) -> rolloutState(model(req))))
                .post("/v1/models/{model}/rollout", guarded(Role.OPERATOR, "changing the roll-out failed", this::setRollout))
                .get("/v1/models/{model}/monitor", guarded(Role.VIEWER, "reading the monitoring state failed", this::monitor));
    }

    /** @param failed what the client is told failed when the handler fails unexpectedly (a 500) */
    private io.helidon.webserver.http.Handler guarded(Role needed, String failed, Handler h) {
        return (req, res) -> {
            Optional<Principal> caller = Callers.admit(auth, needed, req, res);
            if (caller.isEmpty()) {
                return;
            }
            try {
                send(res, Status.OK_200, h.handle(req, caller.get()));
            } catch (ApiError e) {
                ErrorBody.send(res, e.status, e.getMessage());
            } catch (IllegalArgumentException | IOException e) {
                ErrorBody.send(res, Status.BAD_REQUEST_400, e.getMessage());
            } catch (dev.loupe.core.store.NotFoundException e) {
                ErrorBody.send(res, Status.NOT_FOUND_404, e.getMessage());
            } catch (Exception e) {
                ErrorBody.send(res, Status.INTERNAL_SERVER_ERROR_500, ErrorBody.internal(LOG, failed, e));
            }
        };
    }

    private void send(ServerResponse res, Status status, Object body) {
        try {
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode body(ServerRequest req) throws IOException {
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        JsonNode n = bytes.length == 0 ? null : json.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return n;
    }

    private static String model(ServerRequest req) {
        return req.path().pathParameters().get("model");
    }

    private Object feedback(ServerRequest req, Principal who) throws IOException {
        JsonNode b = body(req);
        String requestId = b.path("request_id").asText("");
        String label = b.path("label").asText("");
        String source = b.hasNonNull("source") ? b.get("source").asText() : who.name();
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("request_id is missing");
        }
        if (b.hasNonNull("source") && !b.get("source").isValueNode()) {
            throw new IllegalArgumentException("source must be a string (who or what gave the label)");
        }
        if (source.length() > MAX_SOURCE_CHARS) { // the feedback store's column; PostgreSQL refuses longer values
            throw new IllegalArgumentException("source is " + source.length() + " characters; at most " + MAX_SOURCE_CHARS);
        }
        Set<String> allowed = new LinkedHashSet<>(labels);
        for (String name : live.names()) {
            live.route(name).ifPresent(r -> allowed.addAll(live.resolve(name, Optional.of(r.champion())).labels()));
        }
        if (label.isBlank() || !allowed.contains(label)) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + allowed);
        }
        // A 2xx means the label and the prediction it labels are both stored: a prediction still in the recorder's
        // buffer is written first, or a process killed after the answer would keep a label of nothing.
        boolean served = telemetry.recentlyLogged(requestId);
        if (served && !telemetry.awaitWritten(ServingTelemetry.FEEDBACK_WAIT)) {
            throw new ApiError(Status.SERVICE_UNAVAILABLE_503, "the prediction with request id '" + requestId + "' is not written to"
                    + " the prediction log after " + ServingTelemetry.FEEDBACK_WAIT.toSeconds() + " s (the store is slow or the"
                    + " log's writer stopped: see loupe_prediction_log_* on /metrics); the label is not stored: send it again");
        }
        if (store.predictions().byRequestId(requestId).isEmpty()) {
            throw new ApiError(Status.NOT_FOUND_404, served
                    ? "the prediction with request id '" + requestId + "' was served but not written to the prediction log"
                            + " (dropped or failed: see loupe_prediction_log_* on /metrics); the label is not stored"
                    : "no prediction with request id '" + requestId + "' in the prediction log");
        }
        Feedback f = new Feedback(requestId, label, source.isBlank() ? who.name() : source, clock.instant());
        store.feedback().add(f);
        return Map.of("request_id", f.requestId(), "label", f.label(), "source", f.source(), "time", f.time().toString());
    }

    private Object setRollout(ServerRequest req, Principal who) throws IOException {
        String model = model(req);
        RegisteredModel m = store.registry().model(model)
                .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "no registered model '" + model + "'"));
        JsonNode b = body(req);
        RolloutPlan.Mode mode = RolloutPlan.Mode.parse(b.path("mode").asText(""));
        String challenger = b.path("challenger").asText("");
        if (mode != RolloutPlan.Mode.NONE && challenger.isBlank() && m.aliases().containsKey("challenger")) {
            challenger = "challenger";
        }
        RolloutPlan plan = new RolloutPlan(model, mode, challenger, b.path("share").asDouble(0), who.name(), clock.instant());
        if (mode != RolloutPlan.Mode.NONE && RegistryModels.challengerVersion(store.registry(), m, plan.challenger()).isEmpty()) {
            throw new IllegalArgumentException("challenger '" + plan.challenger() + "' is neither a version nor an alias of " + model
                    + " (aliases " + RegisteredModel.describeAliases(m.aliases()) + ", versions 1.." + m.latestVersion() + ")");
        }
        store.rollouts().save(plan, b.hasNonNull("reason") ? b.get("reason").asText() : null);
        registryModels.refresh();
        return rolloutState(model);
    }

    private Map<String, Object> rolloutState(String model) {
        RegisteredModel m = store.registry().model(model)
                .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "no registered model '" + model + "'"));
        RolloutPlan plan = store.rollouts().plan(model).orElse(RolloutPlan.none(model, "-", java.time.Instant.EPOCH));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("mode", plan.mode().wireName());
        out.put("challenger", plan.challenger().isEmpty() ? null : plan.challenger());
        out.put("share", plan.share());
        if (!plan.actor().equals("-")) {
            out.put("updated_by", plan.actor());
            out.put("updated_at", plan.updatedAt().toString());
        }
        Optional<LiveModels.Route> route = live.route(model);
        out.put("champion_version", route.map(LiveModels.Route::champion).orElse(null));
        out.put("challenger_version", route.flatMap(LiveModels.Route::challenger).orElse(null));
        out.put("serving", route.map(r -> r.mode().wireName()).orElse("not served"));
        Optional.ofNullable(registryModels.problems().get(model)).ifPresent(p -> out.put("problem", p));
        out.put("arms", arms.view(model));
        if (m.aliases().get(RegistryModels.CHAMPION) == null) {
            out.put("problem", model + " has no champion alias, so it is not served");
        }
        return out;
    }

    private Object monitor(ServerRequest req, Principal who) {
        String model = model(req);
        Optional<String> version = req.query().first("version").asOptional()
                .map(v -> Integer.toString(QueryParams.positiveInt("version", v)));
        String v = version.orElseGet(() -> live.route(model).map(LiveModels.Route::champion)
                .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, store.registry().model(model).isEmpty()
                        ? "no registered model '" + model + "'" : "model '" + model + "' is not served here")));
        if (version.isPresent() && store.monitoring().reference(model, v).isEmpty()) {
            // a version with a reference is monitored whether registered or not ('loupe monitor reference --scores')
            RegisteredModel m = store.registry().model(model)
                    .orElseThrow(() -> new ApiError(Status.NOT_FOUND_404, "no registered model '" + model + "'"));
            if (store.registry().version(model, Integer.parseInt(v)).isEmpty()) {
                throw new ApiError(Status.NOT_FOUND_404, "model '" + model + "' has no version " + v
                        + (m.latestVersion() == 0 ? " (it has no versions)" : " (latest: " + m.latestVersion() + ")"));
            }
        }
        return monitors.status(model, v);
    }
}

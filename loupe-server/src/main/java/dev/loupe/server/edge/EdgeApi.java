package dev.loupe.server.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.model.ModelPackage;
import dev.loupe.core.model.ModelResolver;
import dev.loupe.core.monitoring.LoggedImages;
import dev.loupe.core.monitoring.LoggedPrediction;
import dev.loupe.core.registry.ModelRef;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.store.BlobStore;
import dev.loupe.core.store.MetadataStore;
import dev.loupe.serve.rest.ErrorBody;
import dev.loupe.server.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;

/**
 * What edge agents and the review CLI call on the platform (docs/edge.md):
 * <ul>
 * <li>{@code POST /v1/edge/records}: a batch of station records, stored once per id ({@link EdgeRecords});
 *     answers {@code {"stored", "duplicates", "skipped"}}</li>
 * <li>{@code GET /v1/models/{m}/package?alias=A} (or {@code ?version=N}): the model package zip, with
 *     {@code X-Loupe-Sha256}, {@code X-Loupe-Model-Version} and an {@code ETag}; 304 for a matching
 *     {@code If-None-Match}</li>
 * <li>{@code GET /v1/review?limit=N}: predictions decided review that nobody labelled yet,
 *     {@code {"items": [{"request_id", "time", "model", "version", "station", "score", "label", "image"}]}}
 *     ({@code score} and {@code image} null when unknown); {@code loupe review list --json} prints the same</li>
 * </ul>
 * Reviewers' labels go to {@code POST /v1/feedback}, served by the serving API.
 * Errors are {@code {"error": "..."}} with 400 (malformed), 404 (unknown model) or 500 (what failed and an error id,
 * under which the exception is logged; never the exception itself).
 */
public final class EdgeApi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EdgeApi.class);

    private final MetadataStore store;
    private final ModelResolver resolver;
    private final EdgeRecords records;
    private final ObjectMapper json = new ObjectMapper();

    public EdgeApi(MetadataStore store, BlobStore blobs) {
        this.store = store;
        this.resolver = new ModelResolver(Optional.of(store.registry()), blobs);
        this.records = new EdgeRecords(store.predictions(), new LoggedImages(blobs, store.packedImages()));
    }

    public void register(HttpRouting.Builder r) {
        r.post("/v1/edge/records", this::records);
        r.get("/v1/models/{model}/package", this::modelPackage);
        r.get("/v1/review", this::review);
    }

    private void records(ServerRequest req, ServerResponse res) {
        handle(res, "storing the records failed", () -> {
            if (!req.content().hasEntity()) {
                throw new IllegalArgumentException("the body needs a \"records\" array");
            }
            JsonNode body = json.readTree(req.content().as(byte[].class));
            EdgeRecords.Result r = records.store(body.get("records"));
            ObjectNode n = json.createObjectNode();
            n.put("stored", r.stored());
            n.put("duplicates", r.duplicates());
            n.put("skipped", r.skipped());
            send(res, 200, n);
        });
    }

    private void modelPackage(ServerRequest req, ServerResponse res) {
        handle(res, "sending the model package failed", () -> {
            String name = req.path().pathParameters().get("model");
            var q = req.query();
            ModelRef ref = q.contains("version")
                    ? new ModelRef.ByVersion(name, QueryParams.positiveInt("version", q.get("version")))
                    : new ModelRef.ByAlias(name, q.contains("alias") ? q.get("alias") : "champion");
            ModelVersion v;
            try {
                v = store.registry().resolve(ref);
            } catch (RuntimeException e) {
                ErrorBody.send(res, Status.NOT_FOUND_404, "no model " + ref + ": " + e.getMessage());
                return;
            }
            ModelPackage pkg = resolver.fromSource(v.source(), name + "/" + v.version());
            String etag = "\"" + pkg.sha256() + "\"";
            res.header("X-Loupe-Sha256", pkg.sha256());
            res.header("X-Loupe-Model-Version", Integer.toString(v.version()));
            res.header(HeaderNames.ETAG, etag);
            if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(etag::equals).orElse(false)) {
                res.status(Status.NOT_MODIFIED_304).send();
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/zip");
            res.send(pkg.toZip());
        });
    }

    private void review(ServerRequest req, ServerResponse res) {
        handle(res, "reading the review queue failed", () -> {
            int limit = QueryParams.positiveInt("limit", req.query().first("limit").orElse("50"));
            ArrayNode items = json.createArrayNode();
            for (LoggedPrediction p : store.predictionSummaries().awaitingReview(Math.max(1, Math.min(limit, 1000)))) {
                ObjectNode n = items.addObject();
                n.put("request_id", p.requestId());
                n.put("time", p.time().toString());
                n.put("model", p.model());
                n.put("version", p.version());
                n.put("station", p.station());
                if (Double.isNaN(p.score())) {
                    n.putNull("score"); // the model gave no number; JSON has no NaN
                } else {
                    n.put("score", p.score());
                }
                n.put("label", p.label());
                n.put("image", p.image().map(b -> "/blobs/" + b.sha256()).orElse(null));
            }
            ObjectNode n = json.createObjectNode();
            n.set("items", items);
            send(res, 200, n);
        });
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** @param failed what the client is told failed when {@code body} fails unexpectedly (a 500) */
    private void handle(ServerResponse res, String failed, Body body) {
        try {
            body.run();
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            ErrorBody.send(res, Status.BAD_REQUEST_400, e.getMessage());
        } catch (Exception e) {
            ErrorBody.send(res, Status.INTERNAL_SERVER_ERROR_500, ErrorBody.internal(LOG, failed, e));
        }
    }

    private void send(ServerResponse res, int status, ObjectNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}

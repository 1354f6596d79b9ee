package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunInfo;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Domain records to MLflow's JSON messages ({@code service.proto}, {@code model_registry.proto}),
 * field names exactly as the protos spell them. Absent values are left out, as protobuf's JSON mapping
 * does; int64 fields are JSON numbers; NaN and infinities are the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"} (Jackson's default, and what protobuf's parser expects).
 */
final class MlflowJson {
    private final ObjectMapper json;

    MlflowJson(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ObjectNode experiment(Experiment e) {
        ObjectNode o = object();
        o.put("experiment_id", e.id());
        o.put("name", e.name());
        o.put("artifact_location", e.artifactLocation());
        o.put("lifecycle_stage", e.lifecycleStage().wireName());
        putMillis(o, "creation_time", e.creationTime());
        putMillis(o, "last_update_time", e.lastUpdateTime());
        tags(o.putArray("tags"), e.tags());
        return o;
    }

    ObjectNode runInfo(RunInfo i) {
        ObjectNode o = object();
        o.put("run_id", i.runId());
        o.put("run_uuid", i.runId());
        if (i.runName() != null) {
            o.put("run_name", i.runName());
        }
        o.put("experiment_id", i.experimentId());
        if (i.userId() != null) {
            o.put("user_id", i.userId());
        }
        o.put("status", i.status().name());
        putMillis(o, "start_time", i.startTime());
        putMillis(o, "end_time", i.endTime());
        o.put("artifact_uri", i.artifactUri());
        o.put("lifecycle_stage", i.lifecycleStage().wireName());
        return o;
    }

    ObjectNode run(Run r) {
        ObjectNode o = object();
        o.set("info", runInfo(r.info()));
        ObjectNode data = o.putObject("data");
        ArrayNode metrics = data.putArray("metrics");
        r.data().metrics().forEach(m -> metrics.add(metric(m)));
        ArrayNode params = data.putArray("params");
        for (Param p : r.data().params()) {
            params.addObject().put("key", p.key()).put("value", p.value());
        }
        tags(data.putArray("tags"), r.data().tags());
        ArrayNode inputs = o.putObject("inputs").putArray("dataset_inputs");
        for (DatasetInput d : r.inputs()) {
            ObjectNode in = inputs.addObject();
            ArrayNode inputTags = in.putArray("tags");
            if (d.context() != null) {
                inputTags.addObject().put("key", "mlflow.data.context").put("value", d.context());
            }
            in.putObject("dataset").put("name", d.name()).put("digest", d.digest())
                    .put("source_type", d.sourceType()).put("source", d.source());
        }
        return o;
    }

    ObjectNode metric(Metric m) {
        ObjectNode o = object();
        o.put("key", m.key());
        o.put("value", m.value());
        o.put("timestamp", m.timestamp().toEpochMilli());
        o.put("step", m.step());
        return o;
    }

    ObjectNode registeredModel(RegisteredModel m, ModelVersion latest) {
        ObjectNode o = object();
        o.put("name", m.name());
        putMillis(o, "creation_timestamp", m.creationTime());
        putMillis(o, "last_updated_timestamp", m.lastUpdatedTime());
        if (m.description() != null) {
            o.put("description", m.description());
        }
        ArrayNode latestVersions = o.putArray("latest_versions");
        if (latest != null) {
            latestVersions.add(modelVersion(latest));
        }
        tags(o.putArray("tags"), m.tags());
        ArrayNode aliases = o.putArray("aliases");
        m.aliases().forEach((alias, version) -> aliases.addObject().put("alias", alias).put("version", Integer.toString(version)));
        return o;
    }

    ObjectNode modelVersion(ModelVersion v) {
        ObjectNode o = object();
        o.put("name", v.name());
        o.put("version", Integer.toString(v.version()));
        putMillis(o, "creation_timestamp", v.creationTime());
        putMillis(o, "last_updated_timestamp", v.lastUpdatedTime());
        if (v.userId() != null) {
            o.put("user_id", v.userId());
        }
        o.put("current_stage", "None");
        if (v.description() != null) {
            o.put("description", v.description());
        }
        o.put("source", v.source());
        if (v.runId() != null) {
            o.put("run_id", v.runId());
        }
        o.put("status", v.status().name());
        tags(o.putArray("tags"), v.tags());
        ArrayNode aliases = o.putArray("aliases");
        v.aliases().forEach(aliases::add);
        return o;
    }

    ObjectNode error(ErrorCode code, String message) {
        return object().put("error_code", code.name()).put("message", message);
    }

    private static void tags(ArrayNode out, Map<String, String> tags) {
        new TreeMap<>(tags).forEach((k, v) -> out.addObject().put("key", k).put("value", v));
    }

    private static void putMillis(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, t.toEpochMilli());
        }
    }
}

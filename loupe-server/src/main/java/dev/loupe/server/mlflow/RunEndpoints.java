package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.search.Page;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.RunSearch;
import dev.loupe.core.tracking.RunStatus;
import dev.loupe.core.tracking.TrackingStore;
import io.helidon.http.Method;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code runs/*} and {@code metrics/get-history}: the run life cycle and everything a run logs. */
final class RunEndpoints {
    private final TrackingStore tracking;
    private final MlflowJson out;

    RunEndpoints(TrackingStore tracking, MlflowJson out) {
        this.tracking = tracking;
        this.out = out;
    }

    void register(MlflowApi.Routes routes) {
        routes.add(Method.POST, "runs/create", r -> {
            String id = tracking.createRun(r.text("experiment_id").orElse(null), r.text("run_name").orElse(null),
                    r.text("user_id").orElse(null), r.millis("start_time").orElse(null), MlflowValidation.runTags(r.tags("tags"))).runId();
            return runResponse(id);
        });
        routes.read("runs/get", r -> runResponse(runId(r)));
        routes.add(Method.POST, "runs/update", r -> {
            RunStatus status = r.text("status").filter(s -> !s.isEmpty()).map(RunEndpoints::status).orElse(null);
            ObjectNode o = out.object();
            o.set("run_info", out.runInfo(tracking.updateRun(runId(r), status, r.millis("end_time").orElse(null),
                    r.text("run_name").orElse(null))));
            return o;
        });
        routes.add(Method.POST, "runs/delete", r -> {
            tracking.deleteRun(runId(r));
            return out.object();
        });
        routes.add(Method.POST, "runs/restore", r -> {
            tracking.restoreRun(runId(r));
            return out.object();
        });
        routes.read("runs/search", this::search);
        routes.add(Method.POST, "runs/log-metric", r -> {
            tracking.logMetric(runId(r), metric(r));
            return out.object();
        });
        routes.add(Method.POST, "runs/log-parameter", r -> {
            tracking.logParam(runId(r), param(r));
            return out.object();
        });
        routes.add(Method.POST, "runs/set-tag", r -> {
            String key = r.required("key");
            tracking.setTag(runId(r), key, MlflowValidation.runTag(key, r.text("value").orElse("")));
            return out.object();
        });
        routes.add(Method.POST, "runs/delete-tag", r -> {
            tracking.deleteTag(runId(r), r.required("key"));
            return out.object();
        });
        routes.add(Method.POST, "runs/log-batch", this::logBatch);
        routes.add(Method.POST, "runs/log-inputs", this::logInputs);
        routes.read("metrics/get-history", this::history);
    }

    private ObjectNode runResponse(String runId) {
        Run run = tracking.run(runId).orElseThrow(() -> new NotFoundException("Run with id=" + runId + " not found"));
        ObjectNode o = out.object();
        o.set("run", out.run(run));
        return o;
    }

    private static String runId(MlflowRequest r) {
        return r.requiredAny("run_id", "run_uuid");
    }

    private static RunStatus status(String s) {
        try {
            return RunStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid run status '" + s + "'. Valid values are RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
        }
    }

    /** A metric as MLflow sends it; protobuf leaves out a zero step, so a missing step is 0. */
    private static Metric metric(MlflowRequest r) {
        Instant at = r.millis("timestamp").orElseThrow(() ->
                MlflowException.invalid("Missing value for required parameter 'timestamp'."));
        String key = r.required("key");
        MlflowValidation.metricKey(key);
        return new Metric(key, r.number("value"), at, r.int64("step").orElse(0L));
    }

    /** A param as stored: its value cut to MLflow's limit. */
    private static Param param(MlflowRequest r) {
        String key = r.required("key");
        return new Param(key, MlflowValidation.param(key, r.text("value").orElse("")));
    }

    /** Each entry checked, then the counts, then duplicate param keys: MLflow's order, so its first complaint is ours. */
    private ObjectNode logBatch(MlflowRequest r) {
        List<Metric> metrics = r.objects("metrics").stream().map(RunEndpoints::metric).toList();
        List<Param> params = r.objects("params").stream().map(RunEndpoints::param).toList();
        Map<String, String> tags = new LinkedHashMap<>();
        r.tags("tags").forEach((k, v) -> tags.put(k, MlflowValidation.runTag(k, v)));
        MlflowValidation.batchLimits(metrics.size(), params.size(), r.objects("tags").size());
        MlflowValidation.uniqueParamKeys(params.stream().map(Param::key).toList());
        tracking.logBatch(runId(r), metrics, params, tags);
        return out.object();
    }

    private ObjectNode logInputs(MlflowRequest r) {
        List<DatasetInput> inputs = new ArrayList<>();
        for (MlflowRequest in : r.objects("datasets")) {
            MlflowRequest d = in.object("dataset").orElseThrow(() -> MlflowException.invalid("Missing value for 'dataset'"));
            String context = in.tags("tags").get("mlflow.data.context");
            inputs.add(new DatasetInput(d.required("name"), d.required("digest"), d.required("source_type"),
                    d.required("source"), context));
        }
        tracking.logInputs(runId(r), inputs);
        return out.object();
    }

    private ObjectNode search(MlflowRequest r) {
        int max = r.int32("max_results", 1000);
        if (max > 50_000) {
            throw MlflowException.invalid("Invalid value for request parameter max_results. It must be at most 50000, but got value " + max);
        }
        Page<Run> page = tracking.searchRuns(new RunSearch(r.strings("experiment_ids"), r.text("filter").orElse(null),
                ExperimentEndpoints.viewType(r, "run_view_type"), max, r.strings("order_by"), r.text("page_token").orElse(null)));
        ObjectNode o = out.object();
        ArrayNode runs = o.putArray("runs");
        page.items().forEach(run -> runs.add(out.run(run)));
        if (page.nextPageToken() != null) {
            o.put("next_page_token", page.nextPageToken());
        }
        return o;
    }

    private ObjectNode history(MlflowRequest r) {
        List<Metric> all = tracking.metricHistory(runId(r), r.required("metric_key"));
        Page<Metric> page = Page.of(all, r.int32("max_results", 25_000), r.text("page_token").orElse(null));
        ObjectNode o = out.object();
        ArrayNode metrics = o.putArray("metrics");
        page.items().forEach(m -> metrics.add(out.metric(m)));
        if (page.nextPageToken() != null) {
            o.put("next_page_token", page.nextPageToken());
        }
        return o;
    }
}

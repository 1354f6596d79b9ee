package dev.loupe.cli.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.cli.JsonOutput;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.tracking.DatasetInput;
import dev.loupe.core.tracking.Metric;
import dev.loupe.core.tracking.Param;
import dev.loupe.core.tracking.Run;
import dev.loupe.core.tracking.TrackingStore;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON shapes of runs and model versions that {@code models show|compare --json} and
 * {@code runs list|show --json} share, so a script reads a run's metrics the same way whichever command
 * printed it: {@code .metrics.recall.value}. Conventions: {@link JsonOutput}.
 */
public final class TrackingJson {
    private TrackingJson() {
    }

    /**
     * A run: identity, state, datasets, code version, params (strings, as MLflow keeps them), tags, and
     * each metric's latest value with its step and time.
     *
     * @param experiment the experiment's name, null when unknown
     */
    public static ObjectNode run(Run r, String experiment) {
        ObjectNode n = JsonOutput.object();
        n.put("run_id", r.info().runId());
        n.put("run_name", r.info().runName());
        n.put("experiment_id", r.info().experimentId());
        n.put("experiment", experiment);
        n.put("status", r.info().status().name());
        n.put("user", r.info().userId());
        JsonOutput.time(n, "start_time", r.info().startTime());
        JsonOutput.time(n, "end_time", r.info().endTime());
        n.put("code_version", codeVersion(r).orElse(null));
        ArrayNode datasets = n.putArray("datasets");
        for (DatasetInput d : r.inputs()) {
            datasets.addObject().put("name", d.name()).put("version", d.digest()).put("source", d.source())
                    .put("source_type", d.sourceType()).put("context", d.context());
        }
        ObjectNode params = n.putObject("params");
        r.data().params().stream().sorted(Comparator.comparing(Param::key)).forEach(p -> params.put(p.key(), p.value()));
        ObjectNode metrics = n.putObject("metrics");
        r.data().metrics().stream().sorted(Comparator.comparing(Metric::key)).forEach(m -> {
            ObjectNode v = metrics.putObject(m.key());
            JsonOutput.number(v, "value", m.value());
            v.put("step", m.step());
            JsonOutput.time(v, "timestamp", m.timestamp());
        });
        JsonOutput.strings(n, "tags", r.data().tags());
        return n;
    }

    /** {@link #run(Run, String)}, its experiment's name read from {@code tracking}. */
    public static ObjectNode run(Run r, TrackingStore tracking) {
        return run(r, tracking.experiment(r.info().experimentId()).map(e -> e.name()).orElse(null));
    }

    /** The run's code version: its first {@link ModelsShowCommand#CODE_VERSION_TAGS} tag. */
    static Optional<String> codeVersion(Run r) {
        return ModelsShowCommand.CODE_VERSION_TAGS.stream().map(r.data().tags()::get).filter(Objects::nonNull).findFirst();
    }

    /**
     * A model version and, under {@code run}, the run that produced it: null when none is recorded
     * ({@code run_id} null too) or when the run is not in this store ({@code run_id} set).
     */
    public static ObjectNode version(ModelVersion v, TrackingStore tracking) {
        ObjectNode n = JsonOutput.object();
        n.put("name", v.name());
        n.put("version", v.version());
        n.put("ref", v.ref());
        n.put("source", v.source());
        n.put("status", v.status().name());
        n.put("description", v.description());
        ArrayNode aliases = n.putArray("aliases");
        v.aliases().forEach(aliases::add);
        JsonOutput.strings(n, "tags", v.tags());
        n.put("user", v.userId());
        JsonOutput.time(n, "created_at", v.creationTime());
        JsonOutput.time(n, "updated_at", v.lastUpdatedTime());
        n.put("run_id", v.runId());
        Optional<Run> run = v.runId() == null ? Optional.empty() : tracking.run(v.runId());
        n.set("run", run.map(r -> run(r, tracking)).orElse(null));
        return n;
    }
}

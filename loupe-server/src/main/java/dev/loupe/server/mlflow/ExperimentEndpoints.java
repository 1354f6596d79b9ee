package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.search.Field;
import dev.loupe.core.search.FieldLookup;
import dev.loupe.core.search.OrderBy;
import dev.loupe.core.search.Page;
import dev.loupe.core.search.SearchFilter;
import dev.loupe.core.store.NotFoundException;
import dev.loupe.core.tracking.Experiment;
import dev.loupe.core.tracking.LifecycleStage;
import dev.loupe.core.tracking.TrackingStore;
import dev.loupe.core.tracking.ViewType;
import io.helidon.http.Method;

import java.util.Comparator;
import java.util.List;

/** {@code experiments/*}: create, get, get-by-name, search, list, update, delete, restore, set-experiment-tag. */
final class ExperimentEndpoints {
    private final TrackingStore tracking;
    private final MlflowJson out;

    ExperimentEndpoints(TrackingStore tracking, MlflowJson out) {
        this.tracking = tracking;
        this.out = out;
    }

    void register(MlflowApi.Routes routes) {
        routes.add(Method.POST, "experiments/create", r -> out.object().put("experiment_id",
                tracking.createExperiment(r.required("name"), r.text("artifact_location").filter(s -> !s.isEmpty()).orElse(null),
                        MlflowValidation.experimentTags(r.tags("tags"))).id()));
        routes.read("experiments/get", r -> {
            ObjectNode o = out.object();
            o.set("experiment", out.experiment(find(r.required("experiment_id"))));
            return o;
        });
        routes.read("experiments/get-by-name", r -> {
            String name = r.required("experiment_name");
            Experiment e = tracking.experimentByName(name).orElseThrow(() ->
                    new NotFoundException("Could not find experiment with name '" + name + "'"));
            ObjectNode o = out.object();
            o.set("experiment", out.experiment(e));
            return o;
        });
        routes.read("experiments/search", this::search);
        routes.read("experiments/list", r -> list(tracking.experiments(viewType(r, "view_type"))));
        routes.add(Method.POST, "experiments/update", r -> {
            tracking.renameExperiment(find(r.required("experiment_id")).id(), r.required("new_name"));
            return out.object();
        });
        routes.add(Method.POST, "experiments/delete", r -> {
            tracking.deleteExperiment(find(r.required("experiment_id"), LifecycleStage.ACTIVE).id());
            return out.object();
        });
        routes.add(Method.POST, "experiments/restore", r -> {
            tracking.restoreExperiment(find(r.required("experiment_id"), LifecycleStage.DELETED).id());
            return out.object();
        });
        routes.add(Method.POST, "experiments/set-experiment-tag", r -> {
            String key = r.required("key");
            String value = r.text("value").orElse("");
            MlflowValidation.experimentTag(key, value);
            tracking.setExperimentTag(find(r.required("experiment_id")).id(), key, value);
            return out.object();
        });
    }

    private Experiment find(String id) {
        return tracking.experiment(id).orElseThrow(() -> new NotFoundException("No Experiment with id=" + id + " exists"));
    }

    /**
     * The experiment in {@code stage}, as MLflow looks it up to delete (active only) or restore (deleted only):
     * deleting a deleted experiment or restoring an active one is a 404, as there.
     */
    private Experiment find(String id, LifecycleStage stage) {
        return tracking.experiment(id).filter(e -> e.lifecycleStage() == stage)
                .orElseThrow(() -> new NotFoundException("No Experiment with id=" + id + " exists"));
    }

    private ObjectNode search(MlflowRequest r) {
        SearchFilter filter = SearchFilter.parse(r.text("filter").orElse(null));
        List<OrderBy> order = OrderBy.parseAll(r.strings("order_by"));
        Comparator<Experiment> byDefault = Comparator.comparing(Experiment::creationTime).reversed()
                .thenComparing(e -> Long.parseLong(e.id()));
        List<Experiment> all = tracking.experiments(viewType(r, "view_type")).stream()
                .filter(e -> filter.matches(fields(e)))
                .sorted(OrderBy.comparator(order, ExperimentEndpoints::fields, byDefault))
                .toList();
        Page<Experiment> page = Page.of(all, r.int32("max_results", 1000), r.text("page_token").orElse(null));
        ObjectNode o = list(page.items());
        if (page.nextPageToken() != null) {
            o.put("next_page_token", page.nextPageToken());
        }
        return o;
    }

    private ObjectNode list(List<Experiment> experiments) {
        ObjectNode o = out.object();
        ArrayNode a = o.putArray("experiments");
        experiments.forEach(e -> a.add(out.experiment(e)));
        return o;
    }

    static ViewType viewType(MlflowRequest r, String name) {
        String v = r.text(name).filter(s -> !s.isEmpty()).orElse("ACTIVE_ONLY");
        try {
            return ViewType.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid view type '" + v + "'. Valid values are ACTIVE_ONLY, DELETED_ONLY, ALL");
        }
    }

    private static FieldLookup fields(Experiment e) {
        return (Field f) -> switch (f.entity()) {
            case TAG -> e.tags().get(f.key());
            case ATTRIBUTE -> switch (f.key()) {
                case "name" -> e.name();
                case "experiment_id" -> e.id();
                case "lifecycle_stage" -> e.lifecycleStage().wireName();
                case "creation_time" -> e.creationTime() == null ? null : e.creationTime().toEpochMilli();
                case "last_update_time" -> e.lastUpdateTime() == null ? null : e.lastUpdateTime().toEpochMilli();
                default -> throw new IllegalArgumentException("Invalid attribute key '" + f.key()
                        + "'. Valid values are name, experiment_id, creation_time, last_update_time");
            };
            default -> throw new IllegalArgumentException("Experiments can be searched by attributes and tags, not " + f);
        };
    }
}

package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.registry.RegisteredModel;
import dev.loupe.core.search.Field;
import dev.loupe.core.search.FieldLookup;
import dev.loupe.core.search.OrderBy;
import dev.loupe.core.search.Page;
import dev.loupe.core.search.SearchFilter;
import dev.loupe.core.store.NotFoundException;
import io.helidon.http.Method;

import java.util.Comparator;
import java.util.List;

/**
 * {@code registered-models/*}: create, get, search, update, rename, delete, tags, aliases, latest
 * versions. Loupe has aliases instead of MLflow's deprecated stages: every version's stage is
 * {@code None}, and get-latest-versions answers the newest version for stage {@code None} (or no stage).
 */
final class RegisteredModelEndpoints {
    private final ModelRegistry registry;
    private final MlflowJson out;

    RegisteredModelEndpoints(ModelRegistry registry, MlflowJson out) {
        this.registry = registry;
        this.out = out;
    }

    void register(MlflowApi.Routes routes) {
        routes.add(Method.POST, "registered-models/create", r -> model(registry.createModel(r.actor(), r.required("name"),
                r.text("description").orElse(null), MlflowValidation.registeredModelTags(r.tags("tags")))));
        routes.read("registered-models/get", r -> model(find(r.required("name"))));
        routes.read("registered-models/search", this::search);
        routes.add(Method.PATCH, "registered-models/update", r -> model(registry.setDescription(r.actor(), r.required("name"),
                r.text("description").orElse(null))));
        routes.add(Method.POST, "registered-models/rename", r -> model(registry.renameModel(r.actor(), r.required("name"),
                r.required("new_name"))));
        routes.add(Method.DELETE, "registered-models/delete", r -> {
            registry.deleteModel(r.actor(), r.required("name"));
            return out.object();
        });
        routes.add(Method.POST, "registered-models/set-tag", r -> {
            String key = r.required("key");
            String value = r.text("value").orElse("");
            MlflowValidation.registeredModelTag(key, value);
            registry.setModelTag(r.actor(), r.required("name"), key, value);
            return out.object();
        });
        routes.add(Method.DELETE, "registered-models/delete-tag", r -> {
            registry.deleteModelTag(r.actor(), r.required("name"), r.required("key"));
            return out.object();
        });
        routes.read("registered-models/get-latest-versions", this::latestVersions);
        routes.add(Method.POST, "registered-models/alias", r -> {
            registry.setAlias(r.actor(), r.required("name"), r.required("alias"), r.version("version"), null);
            return out.object();
        });
        routes.add(Method.DELETE, "registered-models/alias", r -> {
            registry.deleteAlias(r.actor(), r.required("name"), r.required("alias"));
            return out.object();
        });
        Endpoint byAlias = r -> {
            String name = r.required("name");
            String alias = r.required("alias");
            ModelVersion v = registry.versionByAlias(name, alias).orElseThrow(() ->
                    new NotFoundException("Registered model alias " + alias + " not found for model " + name));
            ObjectNode o = out.object();
            o.set("model_version", out.modelVersion(v));
            return o;
        };
        routes.add(Method.GET, "registered-models/alias", byAlias);
        routes.read("registered-models/get-model-version-by-alias", byAlias);
    }

    private RegisteredModel find(String name) {
        return registry.model(name).orElseThrow(() -> new NotFoundException("Registered Model with name=" + name + " not found"));
    }

    private ObjectNode model(RegisteredModel m) {
        ObjectNode o = out.object();
        o.set("registered_model", withLatest(m));
        return o;
    }

    private ObjectNode withLatest(RegisteredModel m) {
        ModelVersion latest = m.latestVersion() == 0 ? null : registry.version(m.name(), m.latestVersion()).orElse(null);
        return out.registeredModel(m, latest);
    }

    private ObjectNode latestVersions(MlflowRequest r) {
        RegisteredModel m = find(r.required("name"));
        List<String> stages = r.strings("stages");
        boolean none = stages.isEmpty() || stages.stream().anyMatch(s -> s.equalsIgnoreCase("None"));
        ObjectNode o = out.object();
        ArrayNode versions = o.putArray("model_versions");
        if (none && m.latestVersion() > 0) {
            registry.version(m.name(), m.latestVersion()).ifPresent(v -> versions.add(out.modelVersion(v)));
        }
        return o;
    }

    private ObjectNode search(MlflowRequest r) {
        SearchFilter filter = SearchFilter.parse(r.text("filter").orElse(null));
        List<OrderBy> order = OrderBy.parseAll(r.strings("order_by"));
        List<RegisteredModel> all = registry.models().stream()
                .filter(m -> filter.matches(fields(m)))
                .sorted(OrderBy.comparator(order, RegisteredModelEndpoints::fields, Comparator.comparing(RegisteredModel::name)))
                .toList();
        Page<RegisteredModel> page = Page.of(all, r.int32("max_results", 100), r.text("page_token").orElse(null));
        ObjectNode o = out.object();
        ArrayNode models = o.putArray("registered_models");
        page.items().forEach(m -> models.add(withLatest(m)));
        if (page.nextPageToken() != null) {
            o.put("next_page_token", page.nextPageToken());
        }
        return o;
    }

    private static FieldLookup fields(RegisteredModel m) {
        return (Field f) -> switch (f.entity()) {
            case TAG -> m.tags().get(f.key());
            case ATTRIBUTE -> switch (f.key()) {
                case "name" -> m.name();
                case "creation_timestamp" -> m.creationTime().toEpochMilli();
                case "last_updated_timestamp" -> m.lastUpdatedTime().toEpochMilli();
                default -> throw new IllegalArgumentException("Invalid attribute key '" + f.key()
                        + "'. Valid values are name, creation_timestamp, last_updated_timestamp");
            };
            default -> throw new IllegalArgumentException("Registered models can be searched by name and tags, not " + f);
        };
    }
}

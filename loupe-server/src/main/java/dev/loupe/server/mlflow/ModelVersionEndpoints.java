package dev.loupe.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;
import dev.loupe.core.search.Page;
import dev.loupe.core.store.NotFoundException;
import io.helidon.http.Method;

/** {@code model-versions/*}: create, get, search, update, delete, tags, download URI. */
final class ModelVersionEndpoints {
    private final ModelRegistry registry;
    private final MlflowJson out;

    ModelVersionEndpoints(ModelRegistry registry, MlflowJson out) {
        this.registry = registry;
        this.out = out;
    }

    void register(MlflowApi.Routes routes) {
        routes.add(Method.POST, "model-versions/create", r -> version(registry.createVersion(r.actor(), r.required("name"),
                r.required("source"), r.text("run_id").orElse(null), r.text("description").orElse(null), MlflowValidation.modelVersionTags(r.tags("tags")))));
        routes.read("model-versions/get", r -> version(find(r)));
        routes.add(Method.PATCH, "model-versions/update", r -> version(registry.setVersionDescription(r.actor(),
                r.required("name"), r.version("version"), r.text("description").orElse(null))));
        routes.add(Method.DELETE, "model-versions/delete", r -> {
            registry.deleteVersion(r.actor(), r.required("name"), r.version("version"));
            return out.object();
        });
        routes.read("model-versions/search", r -> {
            Page<ModelVersion> page = Page.of(registry.searchVersions(r.text("filter").orElse(null)),
                    r.int32("max_results", 10_000), r.text("page_token").orElse(null));
            ObjectNode o = out.object();
            ArrayNode versions = o.putArray("model_versions");
            page.items().forEach(v -> versions.add(out.modelVersion(v)));
            if (page.nextPageToken() != null) {
                o.put("next_page_token", page.nextPageToken());
            }
            return o;
        });
        // the package's location as registered: blob:sha256:<hex> (Loupe's blob store) or a path/URI
        routes.read("model-versions/get-download-uri", r -> out.object().put("artifact_uri", find(r).source()));
        routes.add(Method.POST, "model-versions/set-tag", r -> {
            String key = r.required("key");
            String value = r.text("value").orElse("");
            MlflowValidation.modelVersionTag(key, value);
            registry.setVersionTag(r.actor(), r.required("name"), r.version("version"), key, value);
            return out.object();
        });
        routes.add(Method.DELETE, "model-versions/delete-tag", r -> {
            registry.deleteVersionTag(r.actor(), r.required("name"), r.version("version"), r.required("key"));
            return out.object();
        });
    }

    private ModelVersion find(MlflowRequest r) {
        String name = r.required("name");
        int version = r.version("version");
        return registry.version(name, version).orElseThrow(() ->
                new NotFoundException("Model Version (name=" + name + ", version=" + version + ") not found"));
    }

    private ObjectNode version(ModelVersion v) {
        ObjectNode o = out.object();
        o.set("model_version", out.modelVersion(v));
        return o;
    }
}

package dev.loupe.serve.model;

import dev.loupe.serve.ServeException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a server serves, by name and version. A request without a version gets the version
 * loaded last under that name. Immutable once built; thread-safe.
 */
public final class ModelRepository implements ModelCatalog {

    private final Map<String, Map<String, ServedModel>> byName;

    private ModelRepository(Map<String, Map<String, ServedModel>> byName) {
        this.byName = byName;
    }

    /**
     * @throws IllegalArgumentException when two models share a name and version
     */
    public static ModelRepository of(Collection<ServedModel> models) {
        Map<String, Map<String, ServedModel>> byName = new LinkedHashMap<>();
        for (ServedModel m : models) {
            Map<String, ServedModel> versions = byName.computeIfAbsent(m.name(), n -> new LinkedHashMap<>());
            if (versions.putIfAbsent(m.version(), m) != null) {
                throw new IllegalArgumentException("model '" + m.name() + "' version " + m.version() + " is given twice");
            }
        }
        byName.replaceAll((n, v) -> java.util.Collections.unmodifiableMap(v));
        return new ModelRepository(java.util.Collections.unmodifiableMap(byName));
    }

    /**
     * The model to serve a request.
     *
     * @param version the version asked for; empty means the default (the last loaded)
     * @throws ServeException not found, naming what is served
     */
    @Override
    public ServedModel resolve(String name, Optional<String> version) {
        Map<String, ServedModel> versions = byName.get(name);
        if (versions == null) {
            throw ServeException.notFound("unknown model '" + name + "'; this server serves " + byName.keySet());
        }
        if (version.isEmpty() || version.get().isEmpty()) {
            return last(versions);
        }
        ServedModel m = versions.get(version.get());
        if (m == null) {
            throw ServeException.notFound("model '" + name + "' has no version '" + version.get()
                    + "'; its versions are " + versions.keySet());
        }
        return m;
    }

    /** A lease that releases nothing: these models live as long as the server. */
    @Override
    public ModelLease acquire(String name, Optional<String> version, String routingKey) {
        return ModelLease.fixed(resolve(name, version));
    }

    /** The versions of a model, oldest first. */
    @Override
    public List<String> versions(String name) {
        Map<String, ServedModel> versions = byName.get(name);
        return versions == null ? List.of() : List.copyOf(versions.keySet());
    }

    public List<ServedModel> all() {
        List<ServedModel> all = new ArrayList<>();
        byName.values().forEach(v -> all.addAll(v.values()));
        return all;
    }

    private static ServedModel last(Map<String, ServedModel> versions) {
        ServedModel last = null;
        for (ServedModel m : versions.values()) {
            last = m;
        }
        return last;
    }
}

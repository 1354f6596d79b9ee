package dev.loupe.core.registry;

import dev.loupe.core.store.AuditEntry;
import dev.loupe.core.store.NotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: named models, their numbered versions, aliases ({@code champion},
 * {@code challenger}) and tags. The model of MLflow's model registry, so Loupe serves the MLflow REST
 * API over it unchanged.
 *
 * <p>Every change is appended to the metadata store's {@link dev.loupe.core.store.AuditLog} in the same
 * transaction, as entity {@code model} / the model's name, with the {@code actor} each write method
 * takes (a user, a token name, {@code pipeline}), the value before and after; {@link #history} reads it
 * back. Audit actions: {@code create-model}, {@code rename}, {@code set-description},
 * {@code delete-model}, {@code set-tag}, {@code delete-tag}, {@code create-version},
 * {@code set-version-description}, {@code delete-version}, {@code set-version-tag},
 * {@code delete-version-tag}, {@code set-alias}, {@code delete-alias}.
 *
 * <p>A change of aliases or versions ends the model's stored roll-out plan
 * ({@link dev.loupe.core.rollout.RolloutRepository}) when it leaves the plan's challenger the champion (a
 * promote of the challenger) or naming no version (the challenger's version or alias deleted): servers would
 * otherwise serve the champion alone under a plan that still reads {@code shadow 2}. The plan becomes
 * {@code none} in the same transaction, audited as {@code set-rollout} with the change's actor and why.
 * A plan of the pipeline ({@link dev.loupe.core.rollout.RolloutPlan#PIPELINE_ACTOR}) is left to it: its
 * promote and rollback end it.
 *
 * <p>Errors: a missing model, version or alias throws {@link NotFoundException}; a duplicate model
 * name {@link dev.loupe.core.store.AlreadyExistsException}; an invalid value {@link IllegalArgumentException}.
 * Implementations are thread-safe; concurrent {@link #createVersion} calls get distinct numbers.
 */
public interface ModelRegistry {
    /** The alias of the version a server serves, and the one a roll-out's challenger is compared with. */
    String CHAMPION = "champion";

    RegisteredModel createModel(String actor, String name, String description, Map<String, String> tags);

    Optional<RegisteredModel> model(String name);

    /** Every registered model, by name. */
    List<RegisteredModel> models();

    RegisteredModel renameModel(String actor, String name, String newName);

    /** Sets the description; null clears it. */
    RegisteredModel setDescription(String actor, String name, String description);

    /**
     * Deletes the model, its versions, tags and aliases (the audit trail stays), and ends its roll-out plan,
     * the pipeline's too, in the same transaction: a model created later under the name starts with none.
     */
    void deleteModel(String actor, String name);

    void setModelTag(String actor, String name, String key, String value);

    void deleteModelTag(String actor, String name, String key);

    /**
     * Registers the next version of an existing model.
     *
     * @param source where the model package lives ({@code blob:sha256:<hex>} or a path)
     * @param runId  the run that produced it, may be null
     */
    ModelVersion createVersion(String actor, String name, String source, String runId, String description,
                               Map<String, String> tags);

    /**
     * Registers the next version, creating the model first if it does not exist. Concurrent first
     * registrations of one model (two trainers, two servers) all succeed: one creates it.
     */
    default ModelVersion register(String actor, String name, String source, String runId, String description,
                                  Map<String, String> tags) {
        if (model(name).isEmpty()) {
            try {
                createModel(actor, name, null, Map.of());
            } catch (dev.loupe.core.store.AlreadyExistsException e) {
                // another writer created it between our look and our create: register under it
            }
        }
        return createVersion(actor, name, source, runId, description, tags);
    }

    Optional<ModelVersion> version(String name, int version);

    /** Every version of a model, oldest first; empty when the model has none or does not exist. */
    List<ModelVersion> versions(String name);

    /** Versions of every model matching an MLflow filter ({@code name = 'x'}, {@code run_id = '...'}, {@code tags.k = 'v'}). */
    List<ModelVersion> searchVersions(String filter);

    ModelVersion setVersionDescription(String actor, String name, int version, String description);

    /** Deletes a version and the aliases that point at it. */
    void deleteVersion(String actor, String name, int version);

    void setVersionTag(String actor, String name, int version, String key, String value);

    void deleteVersionTag(String actor, String name, int version, String key);

    /**
     * Points an alias at a version, moving it if it pointed elsewhere.
     *
     * @param reason why, recorded in the audit log; may be null
     */
    void setAlias(String actor, String name, String alias, int version, String reason);

    void deleteAlias(String actor, String name, String alias);

    Optional<ModelVersion> versionByAlias(String name, String alias);

    /**
     * The version a reference names.
     *
     * @throws NotFoundException        when there is no such model, version or alias
     * @throws IllegalArgumentException for a {@link ModelRef.ByPath}, which the registry cannot resolve
     */
    default ModelVersion resolve(ModelRef ref) {
        return switch (ref) {
            case ModelRef.ByAlias a -> versionByAlias(a.name(), a.alias())
                    .orElseThrow(() -> new NotFoundException("no alias " + a + " in the registry"));
            case ModelRef.ByVersion v -> version(v.name(), v.version())
                    .orElseThrow(() -> new NotFoundException("no model version " + v + " in the registry"));
            case ModelRef.ByPath p -> throw new IllegalArgumentException(java.nio.file.Files.exists(p.path())
                    ? p + " is a path, not a registered model"
                    : "'" + p + "' names no registered model version: use NAME/VERSION or NAME@ALIAS");
        };
    }

    /** The audit trail of a model, oldest first, including entries made under its former names. */
    List<AuditEntry> history(String name);
}

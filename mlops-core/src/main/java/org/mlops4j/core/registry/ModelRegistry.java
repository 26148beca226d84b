package org.mlops4j.core.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.StoreException;

/**
 * The model registry: the hand-off between training and serving. Training registers versions of
 * a named model (numbered 1, 2, 3... with no gaps; a deleted version's number is never reused),
 * with lineage to the run that produced them, the SHA-256 of their artifact and optionally their
 * signature; serving resolves {@code models:/fraud@champion} and loads the version's model,
 * checked against that SHA-256.
 *
 * <p>Aliases ({@code champion}, {@code challenger}, ...) name the version a role is served by.
 * Every alias move is recorded with who made it, when and why ({@link #aliasHistory(String)}), and
 * {@link #compareAndSetAlias} moves an alias only if it still points where the caller believes, so
 * two automated promotions cannot silently overwrite each other.
 *
 * <p>Implementations: {@link InMemoryModelRegistry} here; persistent stores live in
 * {@code mlops-tracking}. All implementations are thread-safe and enforce {@link RegistryNames}.
 */
public interface ModelRegistry {

    /**
     * Registers a new version of a model, creating the model on its first version. The version is
     * {@link ModelStatus#READY} when the registration carries an artifact (whose checksum is
     * verified first) and {@link ModelStatus#PENDING} otherwise.
     *
     * @param registration what to register
     * @return the registered version, with its assigned number
     * @throws ArtifactIntegrityException if the artifact's file is missing or does not match its SHA-256;
     *     nothing is registered then
     * @throws StoreException if the store cannot record it
     */
    ModelVersion register(ModelRegistration registration);

    /**
     * Looks up one version.
     *
     * @param name the model name
     * @param version the version number
     * @return the version, or empty when the model or version does not exist (or was deleted)
     * @throws IllegalArgumentException if the name or number is invalid
     */
    Optional<ModelVersion> get(String name, int version);

    /**
     * Looks up the version an alias points to.
     *
     * @param name the model name
     * @param alias the alias
     * @return the version, or empty when the model or alias does not exist
     * @throws IllegalArgumentException if the name or alias is invalid
     */
    Optional<ModelVersion> getByAlias(String name, String alias);

    /**
     * Lists the versions of a model, lowest number first.
     *
     * @param name the model name
     * @return the versions; empty when the model does not exist
     */
    List<ModelVersion> versions(String name);

    /** @return the names of all registered models, sorted */
    List<String> modelNames();

    /**
     * Finds versions of any model matching a filter.
     *
     * @param filter the conditions
     * @return the matches, by model name then version number
     */
    List<ModelVersion> search(ModelFilter filter);

    /**
     * Changes the status of a version.
     *
     * @param name the model name
     * @param version the version number
     * @param status the new status
     * @return the updated version
     * @throws ModelNotFoundException if the version does not exist
     * @throws IllegalStateException if an alias points to the version and the new status is not READY,
     *     or the version is {@link ModelStatus#ARCHIVED} (only {@link #restore} brings it back)
     * @throws IllegalArgumentException if the new status is {@link ModelStatus#ARCHIVED} (use {@link #archive})
     */
    ModelVersion setStatus(String name, int version, ModelStatus status);

    /**
     * Sets (or replaces) a tag on a version.
     *
     * @param name the model name
     * @param version the version number
     * @param key the tag key
     * @param value the tag value
     * @return the updated version
     * @throws ModelNotFoundException if the version does not exist
     */
    ModelVersion setTag(String name, int version, String key, String value);

    /**
     * Removes a tag from a version; removing an absent tag does nothing.
     *
     * @param name the model name
     * @param version the version number
     * @param key the tag key
     * @return the updated version
     * @throws ModelNotFoundException if the version does not exist
     */
    ModelVersion removeTag(String name, int version, String key);

    /**
     * Points an alias at a version, creating or moving it, and records the change.
     *
     * @param name the model name
     * @param alias the alias, for example {@code champion}
     * @param version the version it should point to
     * @param by who makes the change and why
     * @return the recorded change
     * @throws ModelNotFoundException if the version does not exist
     * @throws IllegalStateException if the version is not {@link ModelStatus#READY}
     * @throws IllegalArgumentException if the alias is invalid or reserved
     */
    AliasChange setAlias(String name, String alias, int version, Attribution by);

    /**
     * Points an alias at a version only if it currently points at {@code expectedCurrentVersion}
     * (or is unset, when that is empty), atomically; records the change when made.
     *
     * @param name the model name
     * @param alias the alias
     * @param expectedCurrentVersion where the caller believes the alias points now; empty for unset
     * @param newVersion the version it should point to
     * @param by who makes the change and why
     * @return true when the alias was moved; false when it pointed elsewhere, and nothing changed
     * @throws ModelNotFoundException if the new version does not exist
     * @throws IllegalStateException if the new version is not {@link ModelStatus#READY}
     */
    boolean compareAndSetAlias(String name, String alias, OptionalInt expectedCurrentVersion, int newVersion,
                               Attribution by);

    /**
     * Removes an alias and records the change.
     *
     * @param name the model name
     * @param alias the alias
     * @param by who makes the change and why
     * @return the recorded change
     * @throws ModelNotFoundException if the model has no such alias
     */
    AliasChange deleteAlias(String name, String alias, Attribution by);

    /**
     * Returns every alias change of a model, oldest first.
     *
     * @param name the model name
     * @return the audit history; empty when the model does not exist or never had an alias
     */
    List<AliasChange> aliasHistory(String name);

    /**
     * Archives a READY version: it stays listed (status {@link ModelStatus#ARCHIVED}) but is no
     * longer served, loaded, aliased or resolved as {@code latest}, until {@link #restore}d. Recorded
     * in the {@link #lifecycleHistory}.
     *
     * @param name the model name
     * @param version the version number
     * @param by who archives it and why
     * @return the archived version
     * @throws ModelNotFoundException if the version does not exist, naming it
     * @throws IllegalStateException if the version is not READY (archiving an archived version among
     *     them), or an alias points to it (the message names the aliases): move them first
     */
    ModelVersion archive(String name, int version, Attribution by);

    /**
     * Brings an ARCHIVED version back to READY, and records it in the {@link #lifecycleHistory}.
     *
     * @param name the model name
     * @param version the version number
     * @param by who restores it and why
     * @return the restored version
     * @throws ModelNotFoundException if the version does not exist, naming it
     * @throws IllegalStateException if the version is not ARCHIVED
     */
    ModelVersion restore(String name, int version, Attribution by);

    /**
     * Deletes a version, whatever its status. Afterwards {@link #get} and {@link #resolve} no longer
     * find it and listings leave it out; its number is never given to another version (the next
     * registration takes the next number), and the deletion is recorded in the
     * {@link #lifecycleHistory}. Artifact bytes that the store shares by content with other versions
     * are kept.
     *
     * @param name the model name
     * @param version the version number
     * @param by who deletes it and why
     * @return the recorded change
     * @throws ModelNotFoundException if the version does not exist (or was deleted), naming it
     * @throws IllegalStateException if an alias points to it (the message names the aliases)
     */
    LifecycleChange deleteVersion(String name, int version, Attribution by);

    /**
     * Deletes a model with all its versions. It disappears from {@link #modelNames}; its alias and
     * lifecycle histories are kept, ending with this deletion. Registering the name again starts a new
     * model, numbered from 1.
     *
     * @param name the model name
     * @param by who deletes it and why
     * @return the recorded change
     * @throws ModelNotFoundException if the model does not exist, naming it
     * @throws IllegalStateException if an alias points to any of its versions (the message names
     *     them): delete the aliases first, so that no served model goes by accident
     */
    LifecycleChange deleteModel(String name, Attribution by);

    /**
     * Returns every lifecycle change of a model (archive, restore, version and model deletions),
     * oldest first, including those of a deleted model of the same name.
     *
     * @param name the model name
     * @return the audit history; empty when the name never had one
     * @throws IllegalArgumentException if the name is invalid
     */
    List<LifecycleChange> lifecycleHistory(String name);

    /**
     * Loads the model of a version after checking its artifact against the recorded SHA-256. The
     * artifact is read once into memory (at most {@link ModelLoader#maxArtifactBytes()} bytes),
     * hashed as it is read, and the loader is given those bytes
     * ({@link ModelLoader#load(VerifiedArtifact)}), never the path to open again: a file swapped
     * after the check is never parsed.
     *
     * @param version the version
     * @param loader turns the verified bytes into a model
     * @param <M> the model type
     * @return the model
     * @throws IllegalStateException if the version has no artifact or is not READY
     * @throws ArtifactIntegrityException if the file is missing, larger than the loader's limit, or
     *     its bytes changed
     * @throws StoreException if the file cannot be read or the loader fails to read it
     */
    <M> M load(ModelVersion version, ModelLoader<M> loader);

    /**
     * Tells how far {@link #compareAndSetAlias} is atomic on this store.
     *
     * @return {@link AliasAtomicity#STORE_WIDE} unless the store says otherwise
     */
    default AliasAtomicity aliasAtomicity() {
        return AliasAtomicity.STORE_WIDE;
    }

    /**
     * Resolves a model URI ({@link ModelUri}) to a version.
     *
     * @param uri {@code models:/<name>/<version>}, {@code models:/<name>@<alias>} or {@code models:/<name>/latest}
     * @return the version, or empty when nothing matches
     * @throws IllegalArgumentException if the URI is malformed
     */
    default Optional<ModelVersion> resolve(String uri) {
        ModelUri parsed = ModelUri.parse(uri);
        if (parsed instanceof ModelUri.ByVersion v) {
            return get(v.name(), v.version());
        }
        if (parsed instanceof ModelUri.ByAlias a) {
            return getByAlias(a.name(), a.alias());
        }
        return versions(parsed.name()).stream()
                .filter(v -> v.status() == ModelStatus.READY)
                .max(Comparator.comparingInt(ModelVersion::version));
    }

    /**
     * Resolves a model URI, failing when nothing matches.
     *
     * @param uri the model URI
     * @return the version
     * @throws ModelNotFoundException if nothing matches
     * @throws IllegalArgumentException if the URI is malformed
     */
    default ModelVersion require(String uri) {
        return resolve(uri).orElseThrow(() -> new ModelNotFoundException("no model version matches '" + uri + "'"));
    }

    /**
     * Resolves a model URI and loads its model.
     *
     * @param uri the model URI
     * @param loader turns the verified file into a model
     * @param <M> the model type
     * @return the model
     * @throws ModelNotFoundException if nothing matches
     * @throws ArtifactIntegrityException if the artifact's bytes changed
     */
    default <M> M load(String uri, ModelLoader<M> loader) {
        Objects.requireNonNull(loader, "loader");
        return load(require(uri), loader);
    }
}

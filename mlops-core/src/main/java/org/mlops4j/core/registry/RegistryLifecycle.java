package org.mlops4j.core.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlops4j.core.ModelNotFoundException;

/**
 * The lifecycle rules every {@link ModelRegistry} applies, in one place so that every store refuses
 * the same things with the same messages: which status changes {@link ModelRegistry#setStatus},
 * {@link ModelRegistry#archive} and {@link ModelRegistry#restore} allow, and that no version or model
 * an alias points to is archived or deleted. Stateless.
 */
public final class RegistryLifecycle {

    private RegistryLifecycle() {
    }

    /**
     * Checks a {@link ModelRegistry#setStatus} call.
     *
     * @param current the version as stored, with its aliases
     * @param status the status asked for
     * @throws IllegalArgumentException if {@code status} is {@link ModelStatus#ARCHIVED}
     * @throws IllegalStateException if the version is archived, or an alias points to it and
     *     {@code status} is not READY
     */
    public static void checkSetStatus(ModelVersion current, ModelStatus status) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(status, "status");
        if (status == ModelStatus.ARCHIVED) {
            throw new IllegalArgumentException("status must not be ARCHIVED in setStatus (for " + current.ref()
                    + "): archive a version with archive(name, version, attribution), which records who and why");
        }
        if (current.status() == ModelStatus.ARCHIVED) {
            throw new IllegalStateException("cannot set " + current.ref() + " to " + status
                    + ": it is ARCHIVED; restore(name, version, attribution) brings it back to READY");
        }
        if (status != ModelStatus.READY && !current.aliases().isEmpty()) {
            throw new IllegalStateException("cannot set " + current.ref() + " to " + status + ": aliases "
                    + new TreeSet<>(current.aliases()) + " point to it; move them first");
        }
    }

    /**
     * Checks an {@link ModelRegistry#archive} call.
     *
     * @param current the version as stored, with its aliases
     * @throws IllegalStateException if it is not READY, or an alias points to it
     */
    public static void checkArchive(ModelVersion current) {
        Objects.requireNonNull(current, "current");
        if (current.status() != ModelStatus.READY) {
            throw new IllegalStateException("cannot archive " + current.ref() + ": its status is " + current.status()
                    + ", and only a READY version can be archived");
        }
        refuseAliased("archive", current);
    }

    /**
     * Checks a {@link ModelRegistry#restore} call.
     *
     * @param current the version as stored
     * @throws IllegalStateException if it is not ARCHIVED
     */
    public static void checkRestore(ModelVersion current) {
        Objects.requireNonNull(current, "current");
        if (current.status() != ModelStatus.ARCHIVED) {
            throw new IllegalStateException("cannot restore " + current.ref() + ": its status is " + current.status()
                    + ", and only an ARCHIVED version can be restored");
        }
    }

    /**
     * Checks a {@link ModelRegistry#deleteVersion} call.
     *
     * @param current the version as stored, with its aliases
     * @throws IllegalStateException if an alias points to it
     */
    public static void checkDeleteVersion(ModelVersion current) {
        Objects.requireNonNull(current, "current");
        refuseAliased("delete", current);
    }

    /**
     * Checks a {@link ModelRegistry#deleteModel} call.
     *
     * @param name the model
     * @param aliases its aliases, each to the version it points to
     * @throws IllegalStateException if it has any alias
     */
    public static void checkDeleteModel(String name, Map<String, Integer> aliases) {
        Objects.requireNonNull(aliases, "aliases");
        if (!aliases.isEmpty()) {
            StringBuilder list = new StringBuilder();
            new TreeMap<>(aliases).forEach((alias, version) -> list.append(list.length() == 0 ? "" : ", ")
                    .append(alias).append(" -> ").append(version));
            throw new IllegalStateException("cannot delete model '" + name + "': aliases [" + list
                    + "] point to its versions; delete them first");
        }
    }

    /**
     * The exception for a version that does not exist, or was deleted.
     *
     * @param name the model
     * @param version the version number
     * @return the exception, naming both
     */
    public static ModelNotFoundException versionNotFound(String name, int version) {
        return new ModelNotFoundException("no version " + version + " of model '" + name + "'");
    }

    /**
     * The exception for a model that does not exist, or was deleted.
     *
     * @param name the model
     * @return the exception, naming it
     */
    public static ModelNotFoundException modelNotFound(String name) {
        return new ModelNotFoundException("no model '" + name + "'");
    }

    private static void refuseAliased(String what, ModelVersion current) {
        Set<String> aliases = new TreeSet<>(current.aliases());
        if (!aliases.isEmpty()) {
            throw new IllegalStateException("cannot " + what + " " + current.ref() + ": alias"
                    + (aliases.size() == 1 ? " '" + aliases.iterator().next() + "' points" : "es " + aliases + " point")
                    + " to it; move or delete " + (aliases.size() == 1 ? "it" : "them") + " first");
        }
    }
}

package org.mlops4j.core.registry;

/**
 * The life-cycle status of a registered model version.
 *
 * <p>{@link #PENDING}, {@link #READY} and {@link #FAILED} are set with
 * {@link ModelRegistry#setStatus}; {@link #ARCHIVED} only through {@link ModelRegistry#archive}
 * (from READY) and left only through {@link ModelRegistry#restore} (back to READY), both recorded in
 * the lifecycle history. A deleted version has no status: {@link ModelRegistry#get} no longer finds it.
 */
public enum ModelStatus {
    /** Registered, but its artifact is not yet usable (for example still being uploaded or validated). */
    PENDING,
    /** Its artifact is stored and checked: it can be loaded and served, and aliases may point to it. */
    READY,
    /** Registration or validation failed: it must not be served. */
    FAILED,
    /**
     * Retired: kept for the record and restorable, but not served, not loaded, never the target of an
     * alias and never {@code models:/<name>/latest}.
     */
    ARCHIVED
}

package org.mlops4j.core.registry;

/** The life-cycle status of a registered model version. */
public enum ModelStatus {
    /** Registered, but its artifact is not yet usable (for example still being uploaded or validated). */
    PENDING,
    /** Its artifact is stored and checked: it can be loaded and served, and aliases may point to it. */
    READY,
    /** Registration or validation failed: it must not be served. */
    FAILED
}

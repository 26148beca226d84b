package org.mlops4j.monitoring.reference;

/**
 * What a window's inputs were compared with ({@link ReferenceSelection#kind()}).
 */
public enum ReferenceKind {
    /** The fixed reference profile of the baseline: the training or validation data. */
    FIXED,
    /** The merge of the profiles of the key's last N closed windows ({@link ReferencePolicy#rolling}). */
    ROLLING,
    /**
     * The merge of the profiles of the windows that fell in the same slot of the last N seasons
     * ({@link ReferencePolicy#seasonal}), for example the same hour of the week over the last 4 weeks.
     */
    SEASONAL,
    /**
     * Nothing: a rolling or seasonal reference still warming up, without a fixed reference to fall
     * back on. The window gets no drift verdict.
     */
    NONE
}

package org.mlops4j.core.review;

/** What {@link ReviewStore#add} did with an item. */
public enum Admission {
    /** The item was stored and waits for a reviewer. */
    ADDED,
    /** The queue already holds an item with this prediction id (in any status); nothing changed. */
    DUPLICATE,
    /** The queue's waiting items reached the capacity; the item was refused and the caller must count it. */
    FULL
}

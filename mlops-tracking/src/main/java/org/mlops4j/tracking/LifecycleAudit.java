package org.mlops4j.tracking;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mlops4j.core.registry.Attribution;

/**
 * The audit trail of soft deletes and restores: who did it, why and when, kept as tags on the run
 * ({@link RunInfo#tags()}) or the experiment ({@link Experiment#tags()}) it concerns, so that
 * every store keeps it the same way (MLflow shows them in its UI as run and experiment tags).
 * The latest deletion and the latest restore are kept side by side: after a restore, the deletion
 * it undid is still recorded. Deleting an experiment records the trail on the experiment only; its
 * runs, deleted with it, carry no tags of their own for it.
 */
public final class LifecycleAudit {

    /** Who deleted it: {@link Attribution#actor()}. */
    public static final String DELETED_BY = "mlops.lifecycle.deleted_by";
    /** Why: {@link Attribution#reason()}. */
    public static final String DELETE_REASON = "mlops.lifecycle.delete_reason";
    /** When, as an ISO-8601 instant from the tracker's clock. */
    public static final String DELETED_AT = "mlops.lifecycle.deleted_at";
    /** Who restored it. */
    public static final String RESTORED_BY = "mlops.lifecycle.restored_by";
    /** Why it was restored. */
    public static final String RESTORE_REASON = "mlops.lifecycle.restore_reason";
    /** When it was restored, as an ISO-8601 instant from the tracker's clock. */
    public static final String RESTORED_AT = "mlops.lifecycle.restored_at";

    private LifecycleAudit() {
    }

    /**
     * The tags a deletion writes.
     *
     * @param by who and why
     * @param at when
     * @return the tags, in a stable order
     * @throws IllegalArgumentException if the reason is longer than a tag value may be
     */
    public static Map<String, String> deletion(Attribution by, Instant at) {
        return tags(DELETED_BY, DELETE_REASON, DELETED_AT, by, at);
    }

    /**
     * The tags a restore writes.
     *
     * @param by who and why
     * @param at when
     * @return the tags, in a stable order
     * @throws IllegalArgumentException if the reason is longer than a tag value may be
     */
    public static Map<String, String> restoration(Attribution by, Instant at) {
        return tags(RESTORED_BY, RESTORE_REASON, RESTORED_AT, by, at);
    }

    private static Map<String, String> tags(String actorKey, String reasonKey, String atKey, Attribution by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        if (by.reason().length() > TrackingLimits.MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("reason must be at most " + TrackingLimits.MAX_TAG_VALUE_LENGTH
                    + " characters, the longest tag value, but had " + by.reason().length());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(actorKey, by.actor());
        tags.put(reasonKey, by.reason());
        tags.put(atKey, at.toString());
        return tags;
    }
}

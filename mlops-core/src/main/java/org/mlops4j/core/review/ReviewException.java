package org.mlops4j.core.review;

import java.util.Objects;
import org.mlops4j.core.MlopsException;

/**
 * Thrown when a review store refuses a claim, release or resolution because of the item's state.
 * The message names the queue, the prediction id and the state found; {@link #reason()} lets a
 * back-office UI tell the cases apart (show "someone else took it" rather than a stack trace).
 */
public class ReviewException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /** Why the store refused. */
    public enum Reason {
        /** The queue holds no item with this prediction id (never added, or purged). */
        UNKNOWN,
        /** The item's deadline passed (whether or not {@link ReviewStore#expire} marked it yet). */
        EXPIRED,
        /** The item already has a decision. */
        ALREADY_RESOLVED,
        /** Another reviewer holds a live claim on the item. */
        CLAIMED_BY_OTHER,
        /** The claim token given is no longer the live claim (its lease ran out, or it was released or re-claimed). */
        CLAIM_LOST
    }

    /** Why the store refused. */
    private final Reason reason;
    /** The item's queue. */
    private final String queue;
    /** The item's prediction id. */
    private final String predictionId;

    /**
     * Creates the exception.
     *
     * @param reason why the store refused
     * @param queue the queue
     * @param predictionId the item's prediction id
     * @param found the state found, for the message (e.g. {@code "claimed by bob until 2024-01-01T00:05:00Z"})
     */
    public ReviewException(Reason reason, String queue, String predictionId, String found) {
        super(Objects.requireNonNull(reason, "reason") + ": review item '" + predictionId + "' in queue '" + queue
                + "' is " + found);
        this.reason = reason;
        this.queue = queue;
        this.predictionId = predictionId;
    }

    /**
     * Why the store refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The queue of the item.
     *
     * @return the queue name
     */
    public String queue() {
        return queue;
    }

    /**
     * The item's prediction id.
     *
     * @return the prediction id
     */
    public String predictionId() {
        return predictionId;
    }
}

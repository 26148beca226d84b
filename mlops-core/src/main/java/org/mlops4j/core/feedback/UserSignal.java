package org.mlops4j.core.feedback;

/**
 * What a user did with an answer: the implicit feedback of a served prediction. A prediction may
 * receive several signals.
 */
public enum UserSignal implements Feedback {
    /** The user took the answer. */
    ACCEPTED,
    /** The user turned the answer down. */
    REJECTED,
    /** The user asked again differently: the answer did not help. */
    REPHRASED,
    /** The user marked the answer useful. */
    USEFUL,
    /** The user marked the answer not useful. */
    NOT_USEFUL;

    /** @return true for the signals that say the answer did not serve the user: REJECTED, REPHRASED, NOT_USEFUL */
    public boolean negative() {
        return this == REJECTED || this == REPHRASED || this == NOT_USEFUL;
    }
}

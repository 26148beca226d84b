package org.mlops4j.monitoring;

/** What a user did with an answer: the implicit feedback of a served prediction. */
public enum UserSignal {
    /** The user took the answer. */
    ACCEPTED,
    /** The user turned the answer down. */
    REJECTED,
    /** The user asked again differently: the answer did not help. */
    REPHRASED
}

package org.mlops4j.serving;

/**
 * Counters of an endpoint since it was built.
 *
 * @param predictions calls answered (by the selected variant or a fallback)
 * @param errors variant calls that threw (bad input not included)
 * @param timeouts variant calls that exceeded the variant timeout
 * @param fallbacks calls answered by the fallback after the selected variant failed
 * @param failures calls that failed with {@link PredictionFailedException}
 * @param invalidInputs calls refused as invalid input
 * @param listenerErrors listener calls that threw (logged and ignored)
 */
public record EndpointStats(long predictions, long errors, long timeouts, long fallbacks, long failures,
                            long invalidInputs, long listenerErrors) {
}

package org.mlops4j.serving;

/**
 * Counters of an endpoint since it was built.
 *
 * @param predictions calls answered (by the selected variant or a fallback)
 * @param errors variant calls that threw, timed out or were rejected (bad input not included)
 * @param timeouts variant calls that exceeded the variant timeout
 * @param rejected variant calls refused at once, without waiting, because every timeout thread of
 *        their variant was busy (see {@link ModelEndpoint.Builder#variantTimeout(java.time.Duration, int)});
 *        not included in {@code timeouts}, though their failure events count as timeouts
 *        ({@link VariantBusyException})
 * @param fallbacks calls answered by the fallback after the selected variant failed
 * @param failures calls that failed with {@link PredictionFailedException}
 * @param invalidInputs calls refused as invalid input
 * @param listenerErrors listener calls that threw (logged and ignored)
 * @param confidenceErrors answers whose confidence could not be read: the confidence function threw
 *        or gave a value outside [0, 1] (logged; the answer stands, with no confidence)
 */
public record EndpointStats(long predictions, long errors, long timeouts, long rejected, long fallbacks,
                            long failures, long invalidInputs, long listenerErrors, long confidenceErrors) {
}

package org.mlops4j.serving;

/**
 * How a shadow's answer compares with the primary's.
 *
 * @param agree whether they agree by the comparator's rule
 * @param scoreDifference shadow score minus primary score, or NaN when the comparator has no score
 */
public record ShadowComparison(boolean agree, double scoreDifference) {
}

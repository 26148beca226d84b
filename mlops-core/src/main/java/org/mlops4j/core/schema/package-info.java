/**
 * The contract of a tabular input: {@link org.mlops4j.core.schema.Schema} of numeric, categorical
 * and boolean {@link org.mlops4j.core.schema.Feature}s with ranges, category sets and optionality,
 * and the {@link org.mlops4j.core.schema.Violation}s a request can have.
 *
 * <p>Module {@code mlops-core}: serving validates requests against a schema and monitoring profiles
 * and checks drift per feature of one.
 */
package org.mlops4j.core.schema;

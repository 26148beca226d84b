/**
 * The types every mlops4j module shares: {@link org.mlops4j.core.Predictor} (a model as the library
 * sees it), {@link org.mlops4j.core.PredictionEvent} and {@link
 * org.mlops4j.core.PredictionListener} (how serving tells its observers what happened), {@link
 * org.mlops4j.core.OutputReader} (how an observer reads a label, a confidence or a value out of a
 * model's output), {@link org.mlops4j.core.Clock} with {@link org.mlops4j.core.ManualClock} for
 * tests, and the exceptions.
 *
 * <p>Module {@code mlops-core}, shared by both planes; it depends on slf4j-api only. A type belongs
 * here when two modules that must not depend on each other both need it.
 */
package org.mlops4j.core;

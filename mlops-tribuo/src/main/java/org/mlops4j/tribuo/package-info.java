/**
 * Tribuo adapters: {@link org.mlops4j.tribuo.TribuoPredictor} serves a Tribuo model as a {@link
 * org.mlops4j.core.Predictor}, {@link org.mlops4j.tribuo.TribuoModels} saves and loads models as
 * protobuf (never Java deserialisation unless asked), {@link org.mlops4j.tribuo.TribuoSchemas}
 * infers a schema, {@link org.mlops4j.tribuo.TribuoOutputs} and {@link
 * org.mlops4j.tribuo.TribuoFeatures} let a monitor read Tribuo predictions and examples, {@link
 * org.mlops4j.tribuo.TribuoRows} turns examples into rows for profiles.
 *
 * <p>Module {@code mlops-tribuo}, an integration: the only module that depends on Tribuo, so that a
 * service using another model runtime never resolves it.
 */
package org.mlops4j.tribuo;

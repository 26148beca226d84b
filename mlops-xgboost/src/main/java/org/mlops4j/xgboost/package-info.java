/**
 * Integration plane, module mlops-xgboost: serving XGBoost models with xgboost4j. An
 * {@link org.mlops4j.xgboost.XgboostPredictor} maps inputs of named features (maps, records, beans)
 * to the model's dense float input by a core {@link org.mlops4j.core.schema.ModelSignature}, with
 * XGBoost's own missing values, and reads its answer as a label with class probabilities, or a
 * value; {@link org.mlops4j.xgboost.XgboostModels#loader} loads it from the verified bytes of a
 * registry version; {@link org.mlops4j.xgboost.XgboostModels#inspect} reads what a model says about
 * itself and infers a signature from it. Nothing else in mlops4j depends on xgboost4j.
 */
package org.mlops4j.xgboost;

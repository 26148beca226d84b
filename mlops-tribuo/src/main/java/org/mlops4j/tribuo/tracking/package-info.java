/**
 * Tribuo autologging: {@link org.mlops4j.tribuo.tracking.TribuoAutolog} trains a model inside a
 * tracked run and logs its configuration, data, metrics (overall and per
 * {@link org.mlops4j.tribuo.tracking.Slice}), confusion matrix, provenance and model, optionally
 * registering it; {@link org.mlops4j.tribuo.tracking.TribuoSweep} runs one child run per trainer
 * configuration under a parent and picks the best; {@link org.mlops4j.tribuo.tracking.TribuoRetraining}
 * retrains a registered model from its provenance, recording which data
 * ({@link org.mlops4j.tribuo.tracking.DatasetFingerprint}) in a run.
 *
 * <p>Module {@code mlops-tribuo}, an integration: the only module that depends on Tribuo.
 */
package org.mlops4j.tribuo.tracking;

package org.mlops4j.tribuo.tracking;

import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.provenance.DataProvenance;

/**
 * What autologging measures for one output type: the metrics of a set of predictions, and the
 * artifacts that describe the whole evaluation set. Implementations are stateless and thread-safe.
 *
 * @param <T> the output type
 */
interface Scorer<T extends Output<T>> {

    /**
     * Evaluates predictions with Tribuo's evaluator for the output type.
     *
     * @param model the model that made them
     * @param predictions predictions of examples with known outputs; not empty
     * @param data the provenance of the evaluated data, recorded in Tribuo's evaluation
     * @return metric key to value, in a stable order; metrics Tribuo reports as NaN (undefined on
     *     these predictions) are left out
     */
    Map<String, Double> metrics(Model<T> model, List<Prediction<T>> predictions, DataProvenance data);

    /**
     * Describes the evaluation set's predictions as text artifacts.
     *
     * @param model the model
     * @param predictions every prediction of the evaluation set
     * @return artifact path to content; empty when the output type has none
     */
    Map<String, String> artifacts(Model<T> model, List<Prediction<T>> predictions);
}

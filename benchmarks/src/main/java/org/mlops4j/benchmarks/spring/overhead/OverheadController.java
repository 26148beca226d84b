package org.mlops4j.benchmarks.spring.overhead;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * Two routes on the same model, the same JSON body and a JSON answer of the same shape:
 * {@code POST /direct} calls the champion's {@code Predictor} itself, as a plain controller would;
 * {@code POST /monitored} goes through the {@link ModelEndpoint} (a 10% canary keyed by the
 * {@code X-Routing-Key} header, feedback join, the starter's monitor listening). The difference of
 * their latencies under the same load is what the monitored endpoint costs a request.
 */
@RestController
public class OverheadController {

    /** The header carrying the routing key. */
    public static final String ROUTING_HEADER = "X-Routing-Key";

    private final ScoringModels models;
    private final ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint;

    /**
     * @param models the models; {@code /direct} calls the champion
     * @param endpoint the monitored endpoint serving the same champion
     */
    public OverheadController(ScoringModels models, ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint) {
        this.models = models;
        this.endpoint = endpoint;
    }

    /**
     * Scores a row with the champion, directly.
     *
     * @param body the features
     * @param routingKey read and ignored, so that both routes bind the same request
     * @return the label and the probability of {@code pos}
     */
    @PostMapping("/direct")
    public Map<String, Object> direct(@RequestBody Map<String, Object> body,
                                      @RequestHeader(name = ROUTING_HEADER, required = false) String routingKey) {
        return answer(models.champion().predict(body), "direct");
    }

    /**
     * Scores a row through the monitored endpoint.
     *
     * @param body the features
     * @param routingKey the canary's routing key
     * @return the label, the probability of {@code pos}, the variant that answered
     */
    @PostMapping("/monitored")
    public Map<String, Object> monitored(@RequestBody Map<String, Object> body,
                                         @RequestHeader(name = ROUTING_HEADER, required = false) String routingKey) {
        PredictionResult<Prediction<Label>> r = endpoint.serve(body, routingKey, null);
        Map<String, Object> answer = answer(r.output(), r.variant());
        answer.put("predictionId", r.predictionId());
        return answer;
    }

    private static Map<String, Object> answer(Prediction<Label> p, String variant) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("label", p.getOutput().getLabel());
        Label pos = p.getOutputScores().get("pos");
        answer.put("probability", pos == null ? null : pos.getScore());
        answer.put("variant", variant);
        return answer;
    }
}

package org.mlops4j.examples.service;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The service's HTTP API: {@code POST /score} scores a transaction (the routing key, which keeps a
 * customer on one variant during a canary, is the {@code X-Routing-Key} header or else the
 * {@code userId} field); {@code POST /feedback/{predictionId}} records the transaction's true
 * label, which the monitor joins to the prediction for accuracy and the canary analysis.
 */
@RestController
public final class ScoringController {

    /** The header carrying the routing key. */
    public static final String ROUTING_HEADER = "X-Routing-Key";

    private final ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint;

    /**
     * @param endpoint the fraud endpoint
     */
    public ScoringController(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Scores a transaction.
     *
     * @param body the features, and {@code userId}
     * @param routingKey the routing key, when the caller sets one
     * @return the prediction's id, label, fraud probability, and the variant and model that answered
     */
    @PostMapping("/score")
    public Map<String, Object> score(@RequestBody Map<String, Object> body,
                                     @RequestHeader(name = ROUTING_HEADER, required = false) String routingKey) {
        Map<String, Object> features = new LinkedHashMap<>(body);
        Object user = features.remove("userId");
        String key = routingKey != null && !routingKey.isBlank() ? routingKey : user == null ? null : user.toString();
        PredictionResult<Prediction<Label>> r = endpoint.serve(features, key, null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("predictionId", r.predictionId());
        answer.put("label", r.output().getOutput().getLabel());
        Label fraud = r.output().getOutputScores().get("fraud");
        answer.put("fraudProbability", fraud == null ? null : fraud.getScore());
        answer.put("variant", r.variant());
        answer.put("model", r.model().toString());
        answer.put("fallback", r.fallback());
        return answer;
    }

    /**
     * Records the true label of a scored transaction.
     *
     * @param predictionId the id {@code /score} answered
     * @param body {@code {"label": "fraud"}} or {@code {"label": "legit"}}
     * @return 202 when joined to its prediction, 404 when the prediction is unknown (or expired)
     */
    @PostMapping("/feedback/{predictionId}")
    public ResponseEntity<Map<String, Object>> feedback(@PathVariable("predictionId") String predictionId,
                                                        @RequestBody Map<String, Object> body) {
        Object label = body.get("label");
        if (!"fraud".equals(label) && !"legit".equals(label)) {
            throw new InvalidInputException("label must be 'fraud' or 'legit' but was " + label);
        }
        boolean joined = endpoint.feedback().record(predictionId, GroundTruth.label((String) label));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("predictionId", predictionId);
        answer.put("joined", joined);
        return ResponseEntity.status(joined ? HttpStatus.ACCEPTED : HttpStatus.NOT_FOUND).body(answer);
    }

    /**
     * Bad input: HTTP 400 naming the field and the value.
     *
     * @param e the refusal
     * @return the error
     */
    @ExceptionHandler(InvalidInputException.class)
    public ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
    }
}

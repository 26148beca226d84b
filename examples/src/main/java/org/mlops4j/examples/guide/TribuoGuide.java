package org.mlops4j.examples.guide;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.lifecycle.LabelledExample;
import org.mlops4j.lifecycle.RetrainedModel;
import org.mlops4j.lifecycle.Retrainer;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.Variant;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tribuo.TribuoFeatures;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictor;
import org.mlops4j.tribuo.TribuoRows;
import org.mlops4j.tribuo.TribuoSchemas;
import org.mlops4j.tribuo.tracking.RetrainingResult;
import org.mlops4j.tribuo.tracking.TribuoRetraining;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * The code of the snippets of {@code docs/tribuo.md}, kept here so that it compiles with every
 * build. Each method is one snippet; {@code TribuoGuideTest} runs them.
 */
public final class TribuoGuide {

    private TribuoGuide() {
    }

    /**
     * A served Tribuo model and the monitor watching it.
     *
     * @param endpoint the endpoint serving the model
     * @param monitor the monitor listening to it
     * @param first the answer to the first request
     * @param <I> the endpoint's input type
     */
    public record Served<I>(ModelEndpoint<I, Prediction<Label>> endpoint, ModelMonitor<Prediction<Label>> monitor,
                            PredictionResult<Prediction<Label>> first) {
    }

    /**
     * docs/tribuo.md "Serve and monitor a Tribuo model": a classifier served on map rows, watched
     * by a monitor that reads its labels and confidence through {@code TribuoOutputs}, its input
     * drift measured against the training data, and one label fed back.
     *
     * @param model the trained classifier
     * @param version the registered version it is
     * @param train its training data, the drift reference
     * @param row a request
     * @param customerId the request's routing key
     * @param transactionId the caller's id of the request
     * @param truth the label that arrives later for the request
     * @return the endpoint, the monitor and the first answer; close the monitor
     */
    public static Served<Map<String, ?>> serveAndMonitor(Model<Label> model, ModelVersion version,
                                                         Dataset<Label> train, Map<String, ?> row,
                                                         String customerId, String transactionId, String truth) {
        // tag::tribuo-serve-and-monitor[]
        Schema schema = TribuoSchemas.infer(train).with(Feature.bool("new_customer"));  // Tribuo sees 1.0/0.0
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())  // label, confidence
                .baseline(Baseline.of(TribuoRows.referenceProfile(train, schema)))         // input drift vs training
                .build();
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion", TribuoPredictor.of(model), version)))
                .outputs(TribuoOutputs.classifier())       // the confidence of every prediction event
                .listener(monitor)                          // predictions, and the feedback joined to them
                .build();

        PredictionResult<Prediction<Label>> answer = endpoint.serve(row, customerId, transactionId);
        endpoint.feedback().record(answer.predictionId(), GroundTruth.label(truth));   // when the label arrives
        // end::tribuo-serve-and-monitor[]
        return new Served<>(endpoint, monitor, answer);
    }

    /**
     * docs/tribuo.md "Serve and monitor a Tribuo model", for a service whose inputs are Tribuo
     * examples: the monitor decodes them with {@code TribuoFeatures}.
     *
     * @param model the trained classifier
     * @param version the registered version it is
     * @param train its training data, the drift reference
     * @param example a request
     * @return the endpoint, the monitor and the first answer; close the monitor
     */
    public static Served<Example<Label>> monitorExamples(Model<Label> model, ModelVersion version,
                                                         Dataset<Label> train, Example<Label> example) {
        Schema schema = TribuoSchemas.infer(train).with(Feature.bool("new_customer"));
        // tag::tribuo-monitor-examples[]
        ModelMonitor<Prediction<Label>> monitor = ModelMonitor.builder(TribuoOutputs.classifier())
                .baseline(Baseline.of(TribuoRows.referenceProfile(train, schema)))
                .features(TribuoFeatures.examples(schema))  // country@BR read back as country = "BR"
                .build();
        ModelEndpoint<Example<Label>, Prediction<Label>> endpoint = ModelEndpoint.<Example<Label>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.single(Variant.of("champion", model::predict, version)))
                .outputs(TribuoOutputs.classifier())
                .listener(monitor)
                .build();
        // end::tribuo-monitor-examples[]
        return new Served<>(endpoint, monitor, endpoint.serve(example, null, null));
    }

    /**
     * docs/tribuo.md "Logging": routes java.util.logging, which Tribuo logs through, to SLF4J.
     * Needs {@code org.slf4j:jul-to-slf4j} on the class path.
     */
    public static void bridgeJulToSlf4j() {
        // tag::jul-bridge[]
        SLF4JBridgeHandler.removeHandlersForRootLogger();  // JUL's own console handler would print every line again
        SLF4JBridgeHandler.install();                      // java.util.logging -> SLF4J -> your backend
        // end::jul-bridge[]
    }
    /**
     * docs/tribuo.md "Retrain from provenance": the champion's trainer rebuilt from its registered
     * version, retrained on recent data in a tracked run, and the result registered with its
     * signature.
     *
     * @param registry the registry holding {@code models:/fraud@champion}
     * @param tracker where the retraining run is logged
     * @param recent the data to retrain on
     * @param source where that data was read from
     * @param file where the retrained model is saved
     * @return the registered candidate
     */
    public static ModelVersion retrainChampion(ModelRegistry registry, Tracker tracker, Dataset<Label> recent,
                                               URI source, Path file) {
        // tag::tribuo-retrain[]
        ModelVersion champion = registry.require("models:/fraud@champion");
        RetrainingResult<Label> result = TribuoRetraining.of(registry, champion, Label.class)  // its trainer and RNG state
                .trackedIn(tracker, "fraud-retraining")       // run: trainer.*, dataset.train.sha256, .size, .source_uri
                .retrain(recent, source);
        ModelVersion candidate = registry.register(ModelRegistration.builder("fraud")
                .artifact(TribuoModels.save(result.model(), file))
                .signature(TribuoModels.signature(result.model()))  // inputs and labels, checked against the champion's
                .sourceRunId(result.runId().orElseThrow()).build());
        // end::tribuo-retrain[]
        return candidate;
    }

    /**
     * docs/tribuo.md "Retrain from provenance", in a {@code RetrainingPolicy}: the retrainer
     * retrains the champion's recipe on the production examples whose labels came back.
     *
     * @param registry the registry holding {@code models:/fraud@champion}
     * @param tracker where retraining runs are logged
     * @param dir where retrained models are saved
     * @return the retrainer
     */
    public static Retrainer<Map<String, ?>, Prediction<Label>> retrainer(ModelRegistry registry, Tracker tracker,
                                                                        Path dir) {
        // tag::tribuo-retrainer[]
        Retrainer<Map<String, ?>, Prediction<Label>> retrainer = request -> {
            List<Map<String, ?>> rows = new ArrayList<>();
            List<Label> labels = new ArrayList<>();
            for (LabelledExample<Map<String, ?>> e : request.labelled()) {  // served inputs whose truth came back
                rows.add(e.input());
                labels.add(new Label(e.truth().label()));
            }
            Dataset<Label> data = TribuoExamples.dataset(rows, labels, new LabelFactory(), "feedback to " + request.time());
            RetrainingResult<Label> result = TribuoRetraining.of(registry, registry.require("models:/fraud@champion"),
                    Label.class).trackedIn(tracker, "fraud-retraining").retrain(data);
            String runId = result.runId().orElseThrow();
            return new RetrainedModel<>(TribuoPredictor.of(result.model()), ModelRegistration.builder("fraud")
                    .artifact(TribuoModels.save(result.model(), dir.resolve(runId + ".tribuo")))
                    .signature(TribuoModels.signature(result.model())).sourceRunId(runId).build(), runId);
        };
        // end::tribuo-retrainer[]
        return retrainer;
    }
}

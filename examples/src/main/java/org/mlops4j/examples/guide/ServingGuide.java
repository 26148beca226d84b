package org.mlops4j.examples.guide;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.feedback.GroundTruth;
import org.mlops4j.core.feedback.Reward;
import org.mlops4j.core.feedback.UserSignal;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.review.ReviewStore;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.IncompatibleSignatureException;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.examples.FraudData;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.AutomationLevel;
import org.mlops4j.serving.BanditConfig;
import org.mlops4j.serving.BanditStats;
import org.mlops4j.serving.BanditStrategy;
import org.mlops4j.serving.BatchConfig;
import org.mlops4j.serving.BatchPredictor;
import org.mlops4j.serving.BatchProgress;
import org.mlops4j.serving.BatchResult;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentChange;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.HumanReviewStrategy;
import org.mlops4j.serving.Interim;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.PredictionFailedException;
import org.mlops4j.serving.PredictionResult;
import org.mlops4j.serving.QueueFullPolicy;
import org.mlops4j.serving.ReviewCase;
import org.mlops4j.serving.ReviewDesk;
import org.mlops4j.serving.ReviewItem;
import org.mlops4j.serving.ReviewOutcome;
import org.mlops4j.serving.ReviewQueue;
import org.mlops4j.serving.RowResult;
import org.mlops4j.serving.ShadowComparator;
import org.mlops4j.serving.ShadowConfig;
import org.mlops4j.serving.ShadowResult;
import org.mlops4j.serving.ShadowStrategy;
import org.mlops4j.serving.ShadowSummary;
import org.mlops4j.serving.SmokeTest;
import org.mlops4j.serving.TextCodec;
import org.mlops4j.serving.Variant;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoOutputs;
import org.mlops4j.tribuo.TribuoPredictions;
import org.mlops4j.tribuo.TribuoPredictor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The snippets of {@code docs/serving.md}, kept here so that they compile with every build; each
 * method holds one tagged region, and {@code ServingGuideTest} runs them on {@link FraudData}.
 */
public final class ServingGuide {

    private static final Logger LOG = LoggerFactory.getLogger(ServingGuide.class);

    private ServingGuide() {
    }

    /**
     * "The endpoint": a sticky canary, one call served with its identity, feedback by prediction id
     * and by request id, and a ramp.
     *
     * @param champion the model serving now
     * @param candidate the model on trial
     * @param monitor receives the predictions and the feedback joined to them
     * @param row a request
     * @param customerId the caller, the sticky routing key
     * @param transactionId the caller's own id of the request
     * @return the endpoint, ramped to 25%, and the result of the call
     */
    public static Map.Entry<ModelEndpoint<Map<String, ?>, Prediction<Label>>, PredictionResult<Prediction<Label>>>
            canaryEndpoint(Variant<Map<String, ?>, Prediction<Label>> champion,
                           Variant<Map<String, ?>, Prediction<Label>> candidate,
                           ModelMonitor<Prediction<Label>> monitor,
                           Map<String, ?> row, String customerId, String transactionId) {
        // tag::serving-canary-endpoint[]
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.canary(champion, candidate, 500, "fraud"))  // 5% of customers, sticky
                .outputs(TribuoOutputs.classifier())      // the confidence of each answer
                .listener(monitor)                        // every prediction, and the feedback joined to it
                .build();

        PredictionResult<Prediction<Label>> result = endpoint.serve(row, customerId, transactionId);
        Prediction<Label> answer = result.output();    // what model.predict(row) returned before
        LOG.info("{} answered {} as prediction {} (variant {}, model {}, fallback {})", transactionId,
                TribuoPredictions.label(answer), result.predictionId(), result.variant(), result.model(),
                result.fallback());

        // later, when the outcome is known: by the endpoint's prediction id...
        endpoint.feedback().record(result.predictionId(), GroundTruth.label("fraud"));
        // ...or by your own request id, when the prediction id was not kept
        endpoint.feedback().recordForRequest(transactionId, UserSignal.REJECTED);

        endpoint.deploy(DeploymentStrategy.canary(champion, candidate, 2_500, "fraud"), "ramp to 25%");
        // end::serving-canary-endpoint[]
        return Map.entry(endpoint, result);
    }

    /**
     * "Validate inputs with a schema": a variant whose model refuses rows that break the schema.
     *
     * @param schema the input contract
     * @param model the trained model
     * @return the variant
     */
    public static Variant<Map<String, ?>, Prediction<Label>> validatedVariant(Schema schema,
                                                                             TribuoPredictor<Label> model) {
        // tag::serving-validated-variant[]
        Predictor<Map<String, ?>, Prediction<Label>> validated = row -> model.predict(schema.requireValid(row));
        Variant<Map<String, ?>, Prediction<Label>> champion = Variant.of("champion", validated, new ModelRef("fraud", 1));
        // end::serving-validated-variant[]
        return champion;
    }

    /**
     * "Shadow": the candidate sees a quarter of the traffic, compared by label, and never answers.
     *
     * @param endpoint the endpoint serving the champion
     * @param champion the model that keeps answering
     * @param candidate the model in shadow
     * @param rows the traffic
     * @return the strategy, still deployed
     */
    public static ShadowStrategy<Map<String, ?>, Prediction<Label>> shadow(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
            Variant<Map<String, ?>, Prediction<Label>> champion, Variant<Map<String, ?>, Prediction<Label>> candidate,
            List<FraudData.Transaction> rows) {
        // tag::serving-shadow[]
        ShadowStrategy<Map<String, ?>, Prediction<Label>> shadow = ShadowStrategy.of(champion, candidate,
                ShadowConfig.ofDefaults().withSampleRate(0.25).withQueueCapacity(5_000),  // mirror a quarter
                ShadowComparator.labels(TribuoPredictions::label),                        // agree on the label
                r -> {
                    if (r.outcome() == ShadowResult.Outcome.FAILED) {                     // on a shadow thread
                        LOG.warn("shadow failed on {}", r.predictionId(), r.error().orElseThrow());
                    }
                });
        endpoint.deploy(shadow, "shadow " + candidate.model());
        for (FraudData.Transaction tx : rows) {
            endpoint.predict(tx.features(), tx.customerId());   // callers get the champion's answers only
        }
        ShadowSummary summary = shadow.summary();   // mirrored, dropped, agreementRate(), timeouts, errors, latency
        // end::serving-shadow[]
        LOG.debug("shadow so far: {}", summary);
        return shadow;
    }

    /**
     * "Blue-green": stage green after a smoke test, switch, roll back twice.
     *
     * @param endpoint the endpoint; its deployment listeners hear every switch and rollback
     * @param blue the model serving now
     * @param green the next model
     * @param golden inputs with known good answers
     * @param expected the answer expected for each golden input, in order
     * @return the strategy, blue live again
     */
    public static BlueGreenStrategy<Map<String, ?>, Prediction<Label>> blueGreen(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
            Variant<Map<String, ?>, Prediction<Label>> blue, Variant<Map<String, ?>, Prediction<Label>> green,
            List<Map<String, ?>> golden, List<Prediction<Label>> expected) {
        // tag::serving-blue-green[]
        BlueGreenStrategy<Map<String, ?>, Prediction<Label>> blueGreen = BlueGreenStrategy.of(blue);
        endpoint.deploy(blueGreen, "blue-green, blue live");
        blueGreen.stage(green, golden, SmokeTest.golden(golden, expected,   // warm up, then check: throws if green fails
                (a, b) -> TribuoPredictions.label(a).equals(TribuoPredictions.label(b)), 0.8));
        blueGreen.switchToStaged();   // every request goes to green at once; blue stands by, loaded
        blueGreen.rollback();         // blue is live again at once; green is dropped
        blueGreen.rollback();         // a retried rollback changes nothing
        // end::serving-blue-green[]
        return blueGreen;
    }

    /**
     * "Human review": answers below 0.8 confidence are queued for a person, who sends the decision
     * back as ground truth.
     *
     * @param endpoint the endpoint
     * @param champion the model
     * @param rows the traffic
     * @param decide the reviewer's decision on an item: the true label
     * @return the strategy, still deployed
     * @throws InterruptedException if interrupted while waiting for an item
     */
    public static HumanReviewStrategy<Map<String, ?>, Prediction<Label>> humanReview(
            ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint,
            Variant<Map<String, ?>, Prediction<Label>> champion, List<Map<String, Object>> rows,
            Function<ReviewItem<Map<String, ?>, Prediction<Label>>, String> decide) throws InterruptedException {
        // tag::serving-human-review[]
        ReviewQueue<Map<String, ?>, Prediction<Label>> queue = ReviewQueue.of(10_000);
        HumanReviewStrategy<Map<String, ?>, Prediction<Label>> review = HumanReviewStrategy.of(
                DeploymentStrategy.single(champion), 0.8, queue, Interim.modelAnswer());  // AI-assisted below 0.8
        endpoint.deploy(review, "review answers with confidence below 0.8");
        for (Map<String, ?> row : rows) {
            endpoint.predict(row);
        }

        // a reviewer's loop, on another thread: take the oldest item, decide, send the decision back
        Optional<ReviewItem<Map<String, ?>, Prediction<Label>>> item = queue.poll(Duration.ofSeconds(1));
        item.ifPresent(i -> endpoint.feedback().record(i.predictionId(), GroundTruth.label(decide.apply(i))));
        // end::serving-human-review[]
        return review;
    }

    /**
     * "Reviewing: the desk, handles and the automation ladder": a durable review queue, a caller
     * waiting for the person's decision, and a reviewer claiming and resolving.
     *
     * @param endpoint the endpoint, answering "approve" or "decline" with a confidence
     * @param model the model
     * @param store where the review items are kept ({@code JdbcReviewStore} in production)
     * @param inputs how an application is stored as text, for example a JSON mapper's
     * @param scheduler the host's scheduler
     * @param application a request
     * @param customerId the caller
     * @param decide the reviewer's decision on a case
     * @return the desk and the caller's handle
     */
    public static Map.Entry<ReviewDesk<Map<String, ?>, String>, CompletableFuture<ReviewOutcome<String>>> reviewDesk(
            ModelEndpoint<Map<String, ?>, String> endpoint, Variant<Map<String, ?>, String> model, ReviewStore store,
            TextCodec<Map<String, ?>> inputs, ScheduledExecutorService scheduler, Map<String, ?> application,
            String customerId, Function<ReviewCase<Map<String, ?>, String>, String> decide) {
        // tag::serving-review-desk[]
        ReviewQueue<Map<String, ?>, String> queue = ReviewQueue.durable(store, "loans", inputs, TextCodec.strings(),
                10_000, Duration.ofHours(4));                          // an item waits 4 hours at most
        HumanReviewStrategy<Map<String, ?>, String> review = HumanReviewStrategy.of(DeploymentStrategy.single(model),
                0.8, queue, Interim.defer("pending")).whenFull(QueueFullPolicy.answerByModel());
        endpoint.deploy(review, "people decide the loans the model is unsure of");
        ReviewDesk<Map<String, ?>, String> desk = ReviewDesk.builder(queue, endpoint.feedback(), GroundTruth::label)
                .build();
        desk.schedule(scheduler, Duration.ofSeconds(5));  // expiries, timeouts, other replicas' decisions

        // a caller that can wait: the reviewer's decision, or "pending" after 2 minutes
        PredictionResult<String> served = endpoint.serve(application, customerId, null);
        CompletableFuture<ReviewOutcome<String>> decision = desk.await(served, Duration.ofMinutes(2));

        // the back office: list by priority and age, claim with a lease, resolve; the decision is
        // recorded, sent as ground truth through endpoint.feedback(), and completes the caller's handle
        List<ReviewCase<Map<String, ?>, String>> waiting = desk.pending(50);
        desk.claimNext("alice", Duration.ofMinutes(10))
                .ifPresent(c -> desk.resolve(c.claim(), decide.apply(c.review()), "checked the payslips"));
        // end::serving-review-desk[]
        LOG.info("{} loans were waiting for review", waiting.size());
        return Map.entry(desk, decision);
    }

    /**
     * "The automation ladder": moving a deployed review along the ladder, audited.
     *
     * @param review the deployed review strategy
     */
    public static void automationLadder(HumanReviewStrategy<Map<String, ?>, String> review) {
        // tag::serving-automation-ladder[]
        review.automate(AutomationLevel.SHADOW, "alice", "new region: people decide, the model is measured");
        review.automatePartially(0.9, "risk-committee", "agreement above 95% for a month");
        // end::serving-automation-ladder[]
    }

    /**
     * "Bandit": Thompson sampling between two models, rewarded when the label was right.
     *
     * @param champion one arm
     * @param candidate the other arm
     * @param transactions the traffic, with the truth known at once (in production it comes later)
     * @return the bandit's statistics
     */
    public static BanditStats bandit(Variant<Map<String, ?>, Prediction<Label>> champion,
                                     Variant<Map<String, ?>, Prediction<Label>> candidate,
                                     List<FraudData.Transaction> transactions) {
        // tag::serving-bandit[]
        BanditStrategy<Map<String, ?>, Prediction<Label>> bandit = BanditStrategy.of(List.of(champion, candidate),
                BanditConfig.ofDefaults().withMinExposure(50));     // 50 calls each, then Thompson sampling
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(bandit)                                   // it hears the endpoint's feedback itself
                .build();
        for (int i = 0; i < transactions.size(); i++) {
            FraudData.Transaction tx = transactions.get(i);
            String transactionId = "tx-" + i;
            PredictionResult<Prediction<Label>> r = endpoint.serve(tx.features(), tx.customerId(), transactionId);
            boolean right = TribuoPredictions.label(r.output()).equals(tx.label());  // known later in practice
            endpoint.feedback().recordForRequest(transactionId, right ? Reward.SUCCESS : Reward.FAILURE);
        }
        BanditStats stats = bandit.stats();   // per arm: served, successes, failures, posterior mean
        // end::serving-bandit[]
        endpoint.close();
        return stats;
    }

    /**
     * "Failures": an endpoint that stops waiting for a variant after 200 ms.
     *
     * @param champion the model serving now, and the fallback
     * @param candidate the model on trial
     * @return the endpoint; close it
     */
    public static ModelEndpoint<Map<String, ?>, Prediction<Label>> guardedEndpoint(
            Variant<Map<String, ?>, Prediction<Label>> champion, Variant<Map<String, ?>, Prediction<Label>> candidate) {
        // tag::serving-variant-timeout[]
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .strategy(DeploymentStrategy.canary(champion, candidate, 500, "fraud"))
                .outputs(TribuoOutputs.classifier())
                .variantTimeout(Duration.ofMillis(200), 16)   // at most 16 calls in flight per variant
                .build();                                     // it owns threads now: close() it at shutdown
        // end::serving-variant-timeout[]
        return endpoint;
    }

    /**
     * "Failures": what a service answers for each outcome of a call.
     *
     * @param endpoint the endpoint
     * @param row the request
     * @param customerId the routing key
     * @param respond receives an HTTP-like status and a body
     */
    public static void answer(ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint, Map<String, ?> row,
                              String customerId, BiConsumer<Integer, String> respond) {
        // tag::serving-failures[]
        try {
            Prediction<Label> answer = endpoint.predict(row, customerId);   // the champion covers a failed candidate
            respond.accept(200, TribuoPredictions.label(answer));
        } catch (InvalidInputException e) {                                 // the caller's fault: not retried
            respond.accept(400, e.getMessage());                            // names every violation
        } catch (PredictionFailedException e) {                             // the variant and its fallback failed
            respond.accept(503, "variant " + e.variant() + " failed");
        }
        // end::serving-failures[]
    }

    /**
     * "Batch scoring": the collecting and the streaming forms.
     *
     * @param model the model
     * @param rows the inputs
     * @param sink receives every row's result, in input order, in the streaming form
     * @return the collected result and the streaming totals
     */
    public static Map.Entry<BatchResult<Prediction<Label>>, BatchProgress> batch(
            Predictor<Map<String, ?>, Prediction<Label>> model, List<Map<String, Object>> rows,
            Consumer<RowResult<Prediction<Label>>> sink) {
        // tag::serving-batch[]
        BatchPredictor<Map<String, ?>, Prediction<Label>> batch = BatchPredictor.of(model,
                BatchConfig.ofDefaults().withChunkSize(512));
        BatchResult<Prediction<Label>> scored = batch.predict(rows);      // every result, in input order
        for (RowResult<Prediction<Label>> failed : scored.failures()) {   // a failing row does not stop the batch
            LOG.warn("row {} failed: {}", failed.index(), failed.error().orElseThrow().getMessage());
        }

        Iterator<Map<String, Object>> input = rows.iterator();            // or a file read lazily, of any length
        BatchProgress totals = batch.predict(input, sink);                // bounded memory, in input order
        // end::serving-batch[]
        return Map.entry(scored, totals);
    }

    /**
     * "Serve from the registry": follow an alias, and reload when it moved.
     *
     * @param registry a registry holding versions 1 and 2 of {@code fraud}, {@code champion} on 1
     * @return the endpoint, and the change the reload made
     */
    public static Map.Entry<ModelEndpoint<Map<String, ?>, Prediction<Label>>, Optional<DeploymentChange>>
            fromRegistry(ModelRegistry registry) {
        // tag::serving-from-registry[]
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", TribuoModels.loader(Label.class), TribuoPredictor::of)
                .outputs(TribuoOutputs.classifier())
                .build();                   // serves the version the alias points at, as variant "champion"

        // a training job elsewhere promotes version 2...
        registry.setAlias("fraud", "champion", 2, Attribution.by("retraining-job", "beats v1 on the holdout"));
        // ...and the service follows, on a schedule or when told
        Optional<DeploymentChange> change = endpoint.reload();   // empty when the alias did not move
        // end::serving-from-registry[]
        return Map.entry(endpoint, change);
    }
    /**
     * "Signatures": register versions with their contract; the endpoint refuses a version whose
     * signature cannot take the traffic it serves.
     *
     * @param registry a registry
     * @param schema the inputs the service sends
     * @param v1 the champion's artifact
     * @param v2 the retrained model's artifact, which needs one more input
     * @return the refusal's differences, one sentence each
     */
    public static List<String> signatures(ModelRegistry registry, Schema schema, ModelArtifact v1, ModelArtifact v2) {
        // tag::serving-signatures[]
        ModelSignature contract = ModelSignature.classifier(schema, List.of("legit", "fraud"));
        registry.register(ModelRegistration.builder("fraud").artifact(v1).signature(contract).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("alice", "first model"));
        ModelEndpoint<Map<String, ?>, Prediction<Label>> endpoint = ModelEndpoint.<Map<String, ?>, Prediction<Label>>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", TribuoModels.loader(Label.class), TribuoPredictor::of)
                .build();

        ModelSignature needsMore = ModelSignature.classifier(schema.with(Feature.numeric("device_age_days")),
                List.of("legit", "fraud"));                              // retrained on a new input
        registry.register(ModelRegistration.builder("fraud").artifact(v2).signature(needsMore).build());
        registry.setAlias("fraud", "champion", 2, Attribution.by("retraining-job", "better on holdout"));
        try {
            endpoint.reload();                                           // refused: v1 keeps serving
        } catch (IncompatibleSignatureException e) {
            LOG.error("not deployed: {}", e.differences());              // names 'device_age_days'
            return e.differences();
        }
        // end::serving-signatures[]
        return List.of();
    }
}

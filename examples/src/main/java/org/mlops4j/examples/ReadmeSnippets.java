package org.mlops4j.examples;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.core.tribuo.TribuoModels;
import org.mlops4j.core.tribuo.TribuoPredictions;
import org.mlops4j.core.tribuo.TribuoPredictor;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The code of the README's usage snippets, kept here so that it compiles with every build. Each
 * method is one snippet; {@code ReadmeSnippetsTest} runs them.
 */
public final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    /**
     * README "Register a model and serve the champion".
     *
     * @param model a trained Tribuo classifier
     * @param dir where to write the artifact
     * @return the label predicted for one request
     */
    public static String registerAndServe(Model<Label> model, Path dir) {
        ModelRegistry registry = new InMemoryModelRegistry();

        ModelArtifact artifact = TribuoModels.save(model, dir.resolve("fraud.tribuo"));   // protobuf + SHA-256
        ModelVersion v = registry.register(ModelRegistration.builder("fraud")
                .artifact(artifact)
                .sourceRunId("run-2024-06-01")
                .tag("trainer", "LogisticRegression")
                .build());                                                               // -> fraud/1, READY
        registry.compareAndSetAlias("fraud", "champion", OptionalInt.empty(), v.version(),
                Attribution.by("alice", "beats baseline on holdout"));                   // audited, atomic

        Model<Label> champion = registry.load("models:/fraud@champion",
                TribuoModels.loader(Label.class));                                       // checksum verified
        TribuoPredictor<Label> predictor = TribuoPredictor.of(champion);
        Prediction<Label> p = predictor.predict(Map.of("amount", 240.0, "hour", 3, "country", "BR",
                "channel", "web", "new_customer", true, "tx_last_24h", 2));
        return TribuoPredictions.label(p) + " " + TribuoPredictions.confidence(p).orElse(Double.NaN);
    }

    /**
     * README "Validate inputs against a schema".
     *
     * @return the schema of the example's transactions
     */
    public static Schema schema() {
        return Schema.of(
                Feature.numeric("amount").withRange(0, 50_000),
                Feature.numeric("hour").withRange(0, 23),
                Feature.categorical("country", Set.of("BR", "DE", "FR", "IN", "US")),
                Feature.categorical("channel", Set.of("app", "pos", "web")),
                Feature.bool("new_customer"),
                Feature.numeric("tx_last_24h").withRange(0, 1_000).optional());
    }
}

package org.mlops4j.xgboost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.OutputReader;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.mlops4j.core.schema.ModelSignature;

/** Loading XGBoost models from the registry, reading what they say about themselves, and reading their answers. */
public final class XgboostModels {

    private XgboostModels() {
    }

    /**
     * A loader of registry versions holding XGBoost models (JSON or UBJSON), scoring maps of feature
     * name to value, for {@code registry.load(version, loader)} and
     * {@code ModelEndpoint.Builder.fromRegistry(registry, uri, loader, p -> p)}. The registry
     * verifies the file's SHA-256 and XGBoost parses those verified bytes from memory: no path is
     * opened again and no temporary file is written. A version's own signature is
     * {@code version.signature()}.
     *
     * @param signature the model's inputs (in column order) and outputs
     * @return the loader
     */
    public static ModelLoader<XgboostPredictor<Map<String, ?>>> loader(ModelSignature signature) {
        return loader(signature, FeatureExtractor.maps());
    }

    /**
     * A loader of registry versions holding XGBoost models, scoring inputs read by an extractor
     * (records, beans, protobuf messages); see {@link #loader(ModelSignature)}.
     *
     * @param signature the model's inputs (in column order) and outputs
     * @param extractor reads the signature's features out of an input
     * @param <I> the input type
     * @return the loader
     */
    public static <I> ModelLoader<XgboostPredictor<I>> loader(ModelSignature signature, FeatureExtractor<I> extractor) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(extractor, "extractor");
        return new ModelLoader<>() {
            @Override
            public XgboostPredictor<I> load(Path artifact) throws IOException {
                return XgboostPredictor.load(Files.readAllBytes(artifact), artifact.toString(), signature, extractor);
            }

            @Override
            public XgboostPredictor<I> load(VerifiedArtifact artifact) {
                return XgboostPredictor.load(artifact.toByteArray(), artifact.file().toString(), signature, extractor);
            }
        };
    }

    /**
     * Reads what an XGBoost model says about itself without serving it: objective, feature count
     * and names, classes, stored labels; {@link XgboostModelInfo#inferSignature()} infers a
     * signature from them.
     *
     * @param model the model's bytes (JSON or UBJSON)
     * @return what it says
     * @throws IllegalArgumentException when XGBoost cannot load the bytes
     */
    public static XgboostModelInfo inspect(byte[] model) {
        Objects.requireNonNull(model, "model");
        Booster booster = XgboostPredictor.booster(model, "(bytes)");
        try {
            return XgboostPredictor.info(booster, "(bytes)");
        } finally {
            booster.dispose();
        }
    }

    /**
     * Infers an XGBoost model's signature from what it keeps: the feature names it was trained with,
     * its objective, and the labels in its attribute {@link XgboostModelInfo#LABELS}.
     *
     * @param model the model's bytes (JSON or UBJSON)
     * @return the signature: optional numeric features in column order, the output kind and labels
     * @throws IllegalArgumentException saying what the model does not tell, when it does not tell it all
     */
    public static ModelSignature inferSignature(byte[] model) {
        return inspect(model).inferSignature();
    }

    /**
     * How a monitor reads an XGBoost model's answers: a classifier's label with its probability as
     * the confidence, or a regression value.
     *
     * @param signature the model's signature
     * @return the reader
     */
    public static OutputReader<XgboostPrediction> outputs(ModelSignature signature) {
        return outputs(signature.output());
    }

    /** The reader of one output kind; the kind is checked by whoever built the signature. */
    static OutputReader<XgboostPrediction> outputs(OutputKind kind) {
        return switch (kind) {
            case CLASSIFICATION -> OutputReader.<XgboostPrediction>classifier(XgboostPrediction::label)
                    .withConfidence(XgboostPrediction::confidence);
            case REGRESSION -> OutputReader.regressor(XgboostPrediction::value);
            default -> throw new IllegalArgumentException("output must be CLASSIFICATION or REGRESSION but was "
                    + kind);
        };
    }
}

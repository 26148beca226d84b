package org.mlops4j.xgboost;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.mlops4j.core.InvalidInputException;
import org.mlops4j.core.OutputKind;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.features.FeatureExtractor;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.serving.DenseBatch;
import org.mlops4j.serving.RowResult;

/**
 * An XGBoost model (trained with XGBoost in Python, R or Java and saved in its JSON or UBJSON
 * format) served by xgboost4j on inputs of named features: maps by default, records and beans
 * through a {@link FeatureExtractor}. The {@link ModelSignature} names the features in the model's
 * column order and says how to read its answer; both are checked against the model when it loads
 * ({@link XgboostModelInfo#check}).
 *
 * <p>Missing values are XGBoost's: a null or absent value of an optional feature, and NaN, reach the
 * model as NaN and follow each tree's default branch. A required feature that is absent, a value
 * that is not a number or boolean (booleans read as 1 and 0), or one shaped as a tensor is refused
 * with an {@link InvalidInputException} naming the feature, before the model runs.
 *
 * <p>A classifier trained with {@code binary:logistic} answers the probability of the signature's
 * second label (the first gets one minus it); one trained with {@code multi:softprob} answers one
 * probability per label, in class order. The label is the most probable one (the first on a tie,
 * so {@code binary:logistic}'s 0.5 goes to the first label).
 *
 * <p>Thread-safe: predictions run through XGBoost's in-place prediction
 * ({@code XGBoosterPredictFromDense}), which XGBoost documents as safe to call from many threads.
 * {@link #close()} frees the native booster once the calls running have returned; later calls fail
 * with an {@link IllegalStateException}. The prediction path takes no lock: a counter of calls in
 * flight, which {@code close()} waits on.
 *
 * @param <I> the input type: {@code Map<String, ?>} from the {@code load} method without an extractor
 */
public final class XgboostPredictor<I> implements Predictor<I, XgboostPrediction>, AutoCloseable {

    /** Added to the in-flight count by close(): the count stays negative ever after. */
    private static final int CLOSED = Integer.MIN_VALUE / 2;

    private final Booster booster;
    private final ModelSignature signature;
    private final XgboostModelInfo info;
    private final XgboostRows<I> rows;
    private final String source;
    private final boolean binary;
    private final AtomicInteger inFlight = new AtomicInteger();

    private XgboostPredictor(Booster booster, ModelSignature signature, XgboostModelInfo info,
                             FeatureExtractor<I> extractor, String source) {
        this.booster = booster;
        this.signature = signature;
        this.info = info;
        this.source = source;
        this.binary = info.objective().equals("binary:logistic");
        this.rows = new XgboostRows<>(extractor.bind(signature.featureNames()), signature);
    }

    /**
     * Loads a model that scores maps of feature name to value.
     *
     * @param model the model's bytes, as XGBoost saves them (JSON or UBJSON)
     * @param source the model's file or name, for messages
     * @param signature its inputs (in column order) and outputs
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the source and the reason when XGBoost cannot load the
     *     bytes, or the model does not match the signature
     */
    public static XgboostPredictor<Map<String, ?>> load(byte[] model, String source, ModelSignature signature) {
        return load(model, source, signature, FeatureExtractor.maps());
    }

    /**
     * Loads a model that scores inputs read by an extractor: records, beans, protobuf messages.
     *
     * @param model the model's bytes, as XGBoost saves them (JSON or UBJSON)
     * @param source the model's file or name, for messages
     * @param signature its inputs (in column order) and outputs
     * @param extractor reads the signature's features out of an input, e.g. {@code FeatureExtractor.auto()}
     * @param <I> the input type
     * @return the predictor; close it when done
     * @throws IllegalArgumentException naming the source and the reason when XGBoost cannot load the
     *     bytes, or the model does not match the signature
     */
    public static <I> XgboostPredictor<I> load(byte[] model, String source, ModelSignature signature,
                                               FeatureExtractor<I> extractor) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(extractor, "extractor");
        Booster booster = booster(model, source);
        try {
            XgboostModelInfo info = info(booster, source);
            info.check(signature, "the XGBoost model " + source);
            // One thread per call: a service runs many calls at once, and XGBoost's OpenMP team per
            // call costs more than it saves on one row (measured: see the module's docs).
            booster.setParam("nthread", 1);
            return new XgboostPredictor<>(booster, signature, info, extractor, source);
        } catch (XGBoostError e) {
            booster.dispose();
            throw new IllegalArgumentException("cannot configure the XGBoost model " + source + ": " + firstLine(e), e);
        } catch (RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    static Booster booster(byte[] model, String source) {
        try {
            return XGBoost.loadModel(model);
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalArgumentException("cannot load the XGBoost model " + source + ": " + firstLine(e), e);
        }
    }

    static XgboostModelInfo info(Booster booster, String source) {
        try {
            String json = new String(booster.toByteArray("json"), StandardCharsets.UTF_8);
            String labels = booster.getAttr(XgboostModelInfo.LABELS);
            return XgboostModelInfo.fromJson(json, booster.getNumFeature(),
                    labels == null || labels.isEmpty() ? List.of() : List.of(labels.split(",", -1)));
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("cannot read the XGBoost model " + source + ": " + firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Scores one input.
     *
     * @param input the input; features the signature does not name are ignored
     * @return the label and probabilities, or the value
     * @throws InvalidInputException naming the feature when a required one is missing, or one is not
     *     a number or shaped as a tensor, or when the input cannot be read
     * @throws IllegalStateException when the predictor is closed or XGBoost fails
     */
    @Override
    public XgboostPrediction predict(I input) {
        float[] x = new float[rows.width()];
        rows.read(input, x, 0);
        return run(x, 1)[0];
    }

    /**
     * Scores many inputs with one call into XGBoost, on an {@code n x features} dense matrix. A bad
     * input is refused in its own result, naming the feature, and the others are scored; the model
     * runs only on the good ones (not at all when none is).
     *
     * @param inputs the inputs
     * @return one result per input, in the same order
     * @throws IllegalStateException when the predictor is closed or XGBoost fails
     */
    public List<RowResult<XgboostPrediction>> predictBatch(List<? extends I> inputs) {
        return DenseBatch.score(inputs, rows.width(), rows::read, (x, n) -> Arrays.asList(run(x, n)));
    }

    private XgboostPrediction[] run(float[] x, int n) {
        if (inFlight.incrementAndGet() < 0) {
            inFlight.decrementAndGet();
            throw new IllegalStateException("the XGBoost model " + source + " is closed");
        }
        float[][] y;
        try {
            // inplace_predict reads the first n rows of x: a batch with refused rows leaves a tail unused.
            y = booster.inplace_predict(n * rows.width() == x.length ? x : java.util.Arrays.copyOf(x, n * rows.width()),
                    n, rows.width(), Float.NaN);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed on the model " + source + ": " + firstLine(e), e);
        } finally {
            inFlight.decrementAndGet();
        }
        XgboostPrediction[] out = new XgboostPrediction[n];
        for (int i = 0; i < n; i++) {
            out[i] = answer(y[i]);
        }
        return out;
    }

    private XgboostPrediction answer(float[] y) {
        if (signature.output() == OutputKind.REGRESSION) {
            return new XgboostPrediction(null, Map.of(), y[0]);
        }
        List<String> labels = signature.labels();
        Map<String, Double> scores = new LinkedHashMap<>();
        if (binary) {
            double p = y[0];
            scores.put(labels.get(0), 1 - p);
            scores.put(labels.get(1), p);
            return new XgboostPrediction(labels.get(p > 0.5 ? 1 : 0), scores, Double.NaN);
        }
        int best = 0;
        for (int i = 0; i < labels.size(); i++) {
            scores.put(labels.get(i), (double) y[i]);
            if (y[i] > y[best]) {
                best = i;
            }
        }
        return new XgboostPrediction(labels.get(best), scores, Double.NaN);
    }

    /** @return the signature the model is served by */
    public ModelSignature signature() {
        return signature;
    }

    /** @return what the model says about itself: objective, feature count and names, classes, labels */
    public XgboostModelInfo info() {
        return info;
    }

    /**
     * Frees the native booster once the predictions running have returned; later calls fail.
     * Idempotent.
     */
    @Override
    public void close() {
        int before = inFlight.getAndUpdate(v -> v < 0 ? v : v + CLOSED);
        if (before < 0) {
            return;
        }
        while (inFlight.get() != CLOSED) {
            Thread.onSpinWait();
        }
        booster.dispose();
    }

    @Override
    public String toString() {
        return "XgboostPredictor[" + source + ", " + info.objective() + ", " + rows.width() + " features]";
    }
}

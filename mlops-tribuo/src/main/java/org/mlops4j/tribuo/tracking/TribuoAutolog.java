package org.mlops4j.tribuo.tracking;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Trains a Tribuo model inside a tracked run and logs what is needed to understand and reproduce
 * it, in one call:
 * <ul>
 *   <li><b>params</b>: the trainer's configuration flattened from its provenance
 *       ({@code trainer.class-name}, {@code trainer.epochs},
 *       {@code trainer.optimiser.initialLearningRate}, ...; timestamps and OLCUT's
 *       {@code host-short-name} are skipped), and for the training and evaluation sets
 *       {@code dataset.<train|eval>.source}, {@code .size}, {@code .features} and {@code .sha256}
 *       (a digest of the examples, equal for identical data), all in one write, before training,
 *       so that a failed run still records its configuration;</li>
 *   <li><b>metrics</b>, on the evaluation set: for classification {@code accuracy},
 *       {@code macro_f1}, {@code micro_f1}, {@code macro_precision}, {@code macro_recall},
 *       {@code precision.<label>}, {@code recall.<label>}, {@code f1.<label>}, and
 *       {@code auc.<label>} and {@code macro_auc} when the model gives probabilities; for
 *       regression {@code rmse}, {@code mae}, {@code r2} (and per dimension when there are several);
 *       {@value #TRAINING_TIME_METRIC} by the tracker's clock; and for every {@link Slice} the same
 *       metrics on its examples as {@code slice.<name>.<metric>}, with {@code slice.<name>.count};</li>
 *   <li><b>artifacts</b>: {@code confusion_matrix.json} and {@code confusion_matrix.txt}
 *       (classification), {@value #PROVENANCE_ARTIFACT} (the model's full Tribuo provenance) and
 *       {@value #MODEL_ARTIFACT} (the model in Tribuo's protobuf format, loadable with
 *       {@link TribuoModels#load});</li>
 *   <li>optionally a new <b>registered model version</b> with the run as its source, recorded in
 *       the run's {@value #REGISTERED_MODEL_TAG} tag ({@link #registerAs}).</li>
 * </ul>
 *
 * <pre>{@code
 * TribuoAutolog<Label> autolog = TribuoAutolog.classification(tracker)
 *         .slices(Slices.byCategoricalFeature("country"))
 *         .registerAs(registry, "fraud");
 * AutologResult<Label> result = autolog.train("fraud", new LogisticRegressionTrainer(), train, eval);
 * result.metric("accuracy");  // also in the run, with everything above
 * }</pre>
 *
 * <p>Metric keys use label, dimension and slice names with every character a key may not hold
 * (and {@code /}) replaced by {@code _}, cut to 100 characters; a metric Tribuo reports as NaN
 * (undefined on those examples) is left out. If training, evaluation, logging or registration
 * throws, the run ends {@link RunStatus#FAILED} with the error in its {@link Run#ERROR_TAG} tag and
 * the exception propagates.
 *
 * <p>Immutable and thread-safe: configuration methods return a new instance, and several
 * trainings may run at once, each in its own run.
 *
 * @param <T> the output type, {@link Label} or {@link Regressor}
 */
public final class TribuoAutolog<T extends Output<T>> {

    /** The run tag holding the URI of the version registered from the run, {@code models:/<name>/<version>}. */
    public static final String REGISTERED_MODEL_TAG = "mlops.registered_model";
    /** The artifact path of the logged model. */
    public static final String MODEL_ARTIFACT = "model/model.tribuo";
    /** The artifact path of the model's provenance as JSON. */
    public static final String PROVENANCE_ARTIFACT = "provenance.json";
    /** The metric holding the training time in milliseconds, measured by the tracker's clock. */
    public static final String TRAINING_TIME_METRIC = "training_time_ms";

    /** The model file's name, in {@value #MODEL_ARTIFACT} and in a registration directory. */
    static final String MODEL_FILE = "model.tribuo";

    private static final Logger LOG = LoggerFactory.getLogger(TribuoAutolog.class);

    private final Tracker tracker;
    private final Scorer<T> scorer;
    private final List<Slices<T>> slices;
    private final Optional<Registration> registration;

    private TribuoAutolog(Tracker tracker, Scorer<T> scorer, List<Slices<T>> slices,
                          Optional<Registration> registration) {
        this.tracker = tracker;
        this.scorer = scorer;
        this.slices = slices;
        this.registration = registration;
    }

    /**
     * Autologging for classifiers.
     *
     * @param tracker where runs are logged
     * @return the autolog, with no slices and no registration
     */
    public static TribuoAutolog<Label> classification(Tracker tracker) {
        return new TribuoAutolog<>(Objects.requireNonNull(tracker, "tracker"), new LabelScorer(), List.of(),
                Optional.empty());
    }

    /**
     * Autologging for regressors.
     *
     * @param tracker where runs are logged
     * @return the autolog, with no slices and no registration
     */
    public static TribuoAutolog<Regressor> regression(Tracker tracker) {
        return new TribuoAutolog<>(Objects.requireNonNull(tracker, "tracker"), new RegressorScorer(), List.of(),
                Optional.empty());
    }

    /**
     * Adds slices to evaluate separately: a {@link Slice}, or a rule deriving slices from the
     * evaluation set such as {@link Slices#byCategoricalFeature(String)}.
     *
     * @param value the slices
     * @return a new autolog with the slices added after any given before
     */
    public TribuoAutolog<T> slices(Slices<T> value) {
        Objects.requireNonNull(value, "slices");
        List<Slices<T>> all = new ArrayList<>(slices);
        all.add(value);
        return new TribuoAutolog<>(tracker, scorer, List.copyOf(all), registration);
    }

    /**
     * Registers every trained model as a new version of a named model. The registered file is the
     * run's own {@value #MODEL_ARTIFACT}, so the tracker must keep artifacts on the local file
     * system (the in-memory and JDBC trackers do); use
     * {@link #registerAs(ModelRegistry, String, Path)} otherwise.
     *
     * @param registry the registry
     * @param modelName the model's name
     * @return a new autolog that registers
     * @throws IllegalArgumentException if the name is invalid, or the tracker keeps artifacts elsewhere
     */
    public TribuoAutolog<T> registerAs(ModelRegistry registry, String modelName) {
        return withRegistration(new Registration(registry, modelName, Optional.empty()));
    }

    /**
     * Registers every trained model as a new version of a named model, keeping the registered
     * files under a directory as {@code <directory>/<runId>/model.tribuo}: for trackers that keep
     * artifacts away from the local file system. The directory must outlive the registry's use of
     * the versions.
     *
     * @param registry the registry
     * @param modelName the model's name
     * @param modelDirectory where registered model files are kept
     * @return a new autolog that registers
     * @throws IllegalArgumentException if the name is invalid
     */
    public TribuoAutolog<T> registerAs(ModelRegistry registry, String modelName, Path modelDirectory) {
        Objects.requireNonNull(modelDirectory, "modelDirectory");
        return withRegistration(new Registration(registry, modelName, Optional.of(modelDirectory)));
    }

    private TribuoAutolog<T> withRegistration(Registration value) {
        value.checkUsableWith(tracker);
        return new TribuoAutolog<>(tracker, scorer, slices, Optional.of(value));
    }

    /** @return this autolog without registration, for a sweep's trials */
    TribuoAutolog<T> withoutRegistration() {
        return new TribuoAutolog<>(tracker, scorer, slices, Optional.empty());
    }

    /** @return how models are registered, if they are */
    Optional<Registration> registration() {
        return registration;
    }

    /** @return the tracker runs are logged to */
    public Tracker tracker() {
        return tracker;
    }

    /**
     * Trains and evaluates a model in a new run of an experiment, logging it as the class comment
     * describes.
     *
     * @param experiment the experiment, created if needed
     * @param trainer the trainer
     * @param train the training set
     * @param evaluation the evaluation set, with known outputs
     * @return the run id, model, metrics and registered version
     * @throws IllegalArgumentException if a dataset is empty, or two slices share a sanitized name;
     *     checked before the run starts
     * @throws RuntimeException whatever training, evaluation, logging or registration threw; the
     *     run has then ended {@link RunStatus#FAILED}
     */
    public AutologResult<T> train(String experiment, Trainer<T> trainer, Dataset<T> train, Dataset<T> evaluation) {
        return train(experiment, RunConfig.ofDefaults(), trainer, train, evaluation);
    }

    /**
     * Trains and evaluates a model in a new run started with the given options (a name, a parent,
     * tags), logging it as the class comment describes.
     *
     * @param experiment the experiment, created if needed
     * @param options how to start the run
     * @param trainer the trainer
     * @param train the training set
     * @param evaluation the evaluation set, with known outputs
     * @return the run id, model, metrics and registered version
     * @throws IllegalArgumentException if a dataset is empty, or two slices share a sanitized name;
     *     checked before the run starts
     * @throws RuntimeException whatever training, evaluation, logging or registration threw; the
     *     run has then ended {@link RunStatus#FAILED}
     */
    public AutologResult<T> train(String experiment, RunConfig options, Trainer<T> trainer, Dataset<T> train,
                                  Dataset<T> evaluation) {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(trainer, "trainer");
        checkNotEmpty(train, "train");
        checkNotEmpty(evaluation, "evaluation");
        List<SliceRows> sliceRows = sliceRows(evaluation);
        return tracker.run(experiment, options, run -> autolog(run, trainer, train, evaluation, sliceRows));
    }

    private AutologResult<T> autolog(Run run, Trainer<T> trainer, Dataset<T> train, Dataset<T> evaluation,
                                     List<SliceRows> sliceRows) {
        // The trainer's provenance before training is what the model records (Tribuo captures it
        // before counting the invocation); logging it first keeps the config of a failed run.
        Map<String, String> params = new LinkedHashMap<>(ProvenanceParams.trainer(trainer.getProvenance()));
        params.putAll(ProvenanceParams.dataset("train", train));
        params.putAll(ProvenanceParams.dataset("eval", evaluation));
        run.logParams(params);

        long start = tracker.clock().nanoTime();
        Model<T> model = trainer.train(train);
        double trainingMillis = (tracker.clock().nanoTime() - start) / 1e6;
        LOG.debug("run {} trained {} in {} ms", run.id(), model.getClass().getSimpleName(), trainingMillis);

        List<Prediction<T>> predictions = model.predict(evaluation);
        if (predictions.size() != evaluation.size()) {
            throw new IllegalStateException("model " + model.getName() + " returned " + predictions.size()
                    + " predictions for " + evaluation.size() + " evaluation examples");
        }
        Map<String, Double> metrics = new LinkedHashMap<>(scorer.metrics(model, predictions, evaluation.getProvenance()));
        metrics.put(TRAINING_TIME_METRIC, trainingMillis);
        for (SliceRows slice : sliceRows) {
            List<Prediction<T>> subset = new ArrayList<>(slice.rows().length);
            for (int row : slice.rows()) {
                subset.add(predictions.get(row));
            }
            String prefix = "slice." + slice.key() + ".";
            metrics.put(prefix + "count", (double) subset.size());
            if (!subset.isEmpty()) {
                scorer.metrics(model, subset, evaluation.getProvenance()).forEach((k, v) -> metrics.put(prefix + k, v));
            }
        }
        run.logMetrics(metrics, 0L);

        scorer.artifacts(model, predictions).forEach((path, text) -> run.logText(text, path));
        run.logText(Json.pretty(ProvenanceUtil.convertToMap(model.getProvenance())), PROVENANCE_ARTIFACT);
        logModel(run, model);

        Optional<ModelVersion> version = registration.map(r -> r.register(tracker, run.id(), model,
                trainer.getClass().getName()));
        version.ifPresent(v -> run.setTag(REGISTERED_MODEL_TAG, v.uri()));
        return new AutologResult<>(run.id(), model, metrics, version);
    }

    /** Logs a model as the run's {@value #MODEL_ARTIFACT}; shared with {@link TribuoRetraining}. */
    static void logModel(Run run, Model<?> model) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mlops4j-autolog-");
            Path file = TribuoModels.save(model, dir.resolve(MODEL_FILE)).file();
            run.logArtifact(file, MODEL_ARTIFACT.substring(0, MODEL_ARTIFACT.lastIndexOf('/')));
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary directory for the model of run " + run.id(), e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir.resolve(MODEL_FILE));
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}", path, e);
        }
    }

    /** The examples of each slice, found before the run starts so a bad slice fails early. */
    private List<SliceRows> sliceRows(Dataset<T> evaluation) {
        List<Example<T>> examples = evaluation.getData();
        Map<String, String> names = new HashMap<>();
        List<SliceRows> out = new ArrayList<>();
        for (Slices<T> rule : slices) {
            for (Slice<T> slice : Objects.requireNonNull(rule.slices(evaluation), "slices of " + rule)) {
                String key = Keys.piece(slice.name());
                String other = names.putIfAbsent(key, slice.name());
                if (other != null) {
                    throw new IllegalArgumentException("slices '" + other + "' and '" + slice.name()
                            + "' would both log as 'slice." + key + ".*'; give them names that differ in letters, "
                            + "digits, '_', '-', '.' or ' '");
                }
                int[] rows = IntStream.range(0, examples.size()).filter(i -> slice.contains(examples.get(i))).toArray();
                out.add(new SliceRows(key, rows));
            }
        }
        return out;
    }

    private static void checkNotEmpty(Dataset<?> dataset, String name) {
        Objects.requireNonNull(dataset, name);
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(name + " dataset must not be empty but had 0 examples");
        }
    }

    /**
     * One slice's evaluation rows.
     *
     * @param key the sanitized name used in metric keys
     * @param rows indices into the evaluation set
     */
    private record SliceRows(String key, int[] rows) {
    }

    @Override
    public String toString() {
        return "TribuoAutolog[" + scorer.getClass().getSimpleName() + ", " + slices.size() + " slice rules"
                + registration.map(r -> ", registers as '" + r.modelName() + "'").orElse("") + "]";
    }
}

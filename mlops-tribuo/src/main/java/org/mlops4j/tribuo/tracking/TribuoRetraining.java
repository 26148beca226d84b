package org.mlops4j.tribuo.tracking;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Retrains a Tribuo model the way it was first trained: the trainer is rebuilt from the
 * configuration recorded in the model's provenance (OLCUT's
 * {@code ProvenanceUtil.extractConfiguration} read by a {@code ConfigurationManager}: the trainer's
 * class, seed, epochs, optimiser and every other configured field), at the random state it had,
 * and trained on the dataset given. On the same data (the same examples in the same order) the
 * retrained model answers exactly as the original does; on other data it is the same recipe
 * applied to that data.
 *
 * <pre>{@code
 * TribuoRetraining<Label> retraining = TribuoRetraining.of(registry, registry.require("models:/fraud/3"), Label.class)
 *         .trackedIn(tracker, "fraud-retraining");
 * RetrainingResult<Label> result = retraining.retrain(recentData);
 * registry.register(ModelRegistration.builder("fraud")
 *         .artifact(TribuoModels.save(result.model(), file)).sourceRunId(result.runId().orElseThrow())
 *         .signature(TribuoModels.signature(result.model())).build());
 * }</pre>
 *
 * <p><b>Random state.</b> A Tribuo trainer derives the random state of each {@code train} call from
 * its seed and the number of calls made on that instance before it (the SGD trainers split their
 * {@code SplittableRandom} once per call, the tree trainers likewise), and a model records that
 * number, {@code train-invocation-count}, in its trainer provenance. A trainer rebuilt from
 * configuration starts at 0, so without more a model that was its trainer's third would be
 * retrained with the first call's shuffles and feature samples and come out different. The rebuilt
 * trainer is therefore set to the recorded count ({@code Trainer.setInvocationCount}); a trainer
 * class that cannot restore it is refused when this object is built, since its retrains could not
 * be reproduced.
 *
 * <p><b>Tracking.</b> With {@link #trackedIn(Tracker, String)}, each retraining is a run that
 * records, before training (so a failed run keeps them), the rebuilt trainer's configuration as
 * {@link TribuoAutolog} logs it ({@code trainer.*}, including {@code train-invocation-count}), the
 * data as {@link DatasetFingerprint#params()} ({@code dataset.train.sha256},
 * {@code dataset.train.size}, {@code dataset.train.source_uri}), and the
 * {@value #RETRAINED_FROM_TAG} tag (the version's {@code models:/} URI, or the model's name); then
 * the model as {@value TribuoAutolog#MODEL_ARTIFACT} and its provenance as
 * {@value TribuoAutolog#PROVENANCE_ARTIFACT}. A failure ends the run {@link RunStatus#FAILED} and
 * propagates.
 *
 * <p>Immutable and thread-safe: every retraining builds its own trainer.
 *
 * @param <T> the output type
 */
public final class TribuoRetraining<T extends Output<T>> {

    /** The run tag naming what was retrained: a {@code models:/<name>/<version>} URI, or {@code model '<name>'}. */
    public static final String RETRAINED_FROM_TAG = "mlops.retrained_from";

    private static final Logger LOG = LoggerFactory.getLogger(TribuoRetraining.class);

    private final String origin;
    private final String trainerClass;
    private final List<ConfigurationData> configuration;
    private final String component;
    private final int invocationCount;
    private final Optional<Tracked> tracked;

    /** Where retraining runs are logged. */
    private record Tracked(Tracker tracker, String experiment) {
    }

    private TribuoRetraining(String origin, String trainerClass, List<ConfigurationData> configuration,
                             String component, int invocationCount, Optional<Tracked> tracked) {
        this.origin = origin;
        this.trainerClass = trainerClass;
        this.configuration = configuration;
        this.component = component;
        this.invocationCount = invocationCount;
        this.tracked = tracked;
    }

    /**
     * Prepares to retrain a registered version: loads its model (SHA-256 verified, with
     * {@link TribuoModels#loader(Class)}) and reads its trainer from the provenance.
     *
     * @param registry the registry holding the version
     * @param version the version
     * @param outputType the output type the model predicts, for example {@code Label.class}
     * @param <T> the output type
     * @return the retraining, untracked
     * @throws IllegalArgumentException naming the version's URI and the class, when the model was
     *     not trained by a Tribuo trainer (its provenance names no concrete {@link Trainer} class, as
     *     for a model assembled from others or imported) or records no invocation count, its trainer class
     *     or a class of the trainer's configuration is not on the classpath, or the trainer cannot
     *     restore its invocation count; or when the model predicts another output type
     * @throws org.mlops4j.core.ArtifactIntegrityException if the version's file is missing, changed,
     *     or not a Tribuo model
     */
    public static <T extends Output<T>> TribuoRetraining<T> of(ModelRegistry registry, ModelVersion version,
                                                              Class<T> outputType) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(outputType, "outputType");
        Model<T> model = registry.load(version, TribuoModels.loader(outputType));
        return from(model, version.uri());
    }

    /**
     * Prepares to retrain a loaded model from its provenance.
     *
     * @param model the model
     * @param <T> the output type
     * @return the retraining, untracked
     * @throws IllegalArgumentException naming the model and the class, as
     *     {@link #of(ModelRegistry, ModelVersion, Class)}
     */
    public static <T extends Output<T>> TribuoRetraining<T> of(Model<T> model) {
        Objects.requireNonNull(model, "model");
        return from(model, "model '" + model.getName() + "'");
    }

    private static <T extends Output<T>> TribuoRetraining<T> from(Model<T> model, String origin) {
        TrainerProvenance provenance = model.getProvenance().getTrainerProvenance();
        String className = provenance.getClassName();
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot retrain " + origin + ": its provenance names trainer class "
                    + className + ", which is not on the classpath; add the Tribuo module that provides it", e);
        }
        if (!isTrainer(type)) {
            throw new IllegalArgumentException("cannot retrain " + origin + ": it was not trained by a Tribuo trainer "
                    + "(its provenance names " + className + ", not a concrete Trainer class), as a model assembled "
                    + "from other models or imported from another library is not");
        }
        // Tribuo's own trainer provenance cannot be read without it (a file lacking it does not load);
        // a trainer outside Tribuo may have written another provenance.
        Provenance count = provenance.getInstanceValues().get(TrainerProvenance.TRAIN_INVOCATION_COUNT);
        if (!(count instanceof IntProvenance invocations)) {
            throw new IllegalArgumentException("cannot retrain " + origin + " reproducibly: the provenance of trainer "
                    + "class " + className + " records no integer " + TrainerProvenance.TRAIN_INVOCATION_COUNT + " ("
                    + count + "), so its random state cannot be restored");
        }
        TribuoRetraining<T> retraining = new TribuoRetraining<>(origin, className,
                List.copyOf(ProvenanceUtil.extractConfiguration(provenance)), ProvenanceUtil.computeName(provenance, 0),
                invocations.getValue(), Optional.empty());
        // Build one trainer now: a configuration that cannot be instantiated fails here, not after the data is read.
        retraining.trainer();
        return retraining;
    }

    /**
     * Whether a class can have trained a model: a concrete class implementing {@link Trainer}, not
     * the interface itself (which an assembled model's provenance names) nor an abstract base.
     *
     * @param type the class a trainer provenance names
     * @return true for a concrete trainer class
     */
    static boolean isTrainer(Class<?> type) {
        // An interface's modifiers include ABSTRACT.
        return Trainer.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers());
    }

    /**
     * Logs every retraining in a run of an experiment, as the class comment describes.
     *
     * @param tracker where runs are logged
     * @param experiment the experiment, created if needed
     * @return a new retraining that tracks
     */
    public TribuoRetraining<T> trackedIn(Tracker tracker, String experiment) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(experiment, "experiment");
        return new TribuoRetraining<>(origin, trainerClass, configuration, component, invocationCount,
                Optional.of(new Tracked(tracker, experiment)));
    }

    /**
     * A new trainer, configured as the one that trained the model and at the invocation count it
     * had then.
     *
     * @return the trainer; each call builds a new one
     * @throws IllegalArgumentException naming the origin and the trainer class when the
     *     configuration cannot be instantiated or the trainer cannot restore its invocation count
     */
    @SuppressWarnings("unchecked")
    public Trainer<T> trainer() {
        Trainer<T> trainer;
        try (ConfigurationManager cm = new ConfigurationManager()) {
            cm.addConfiguration(configuration);
            trainer = (Trainer<T>) cm.lookup(component);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot retrain " + origin + ": the configuration of trainer class "
                    + trainerClass + " in its provenance cannot be instantiated: " + e.getMessage(), e);
        }
        trainer.setInvocationCount(invocationCount);
        if (trainer.getInvocationCount() != invocationCount) {
            throw new IllegalArgumentException("cannot retrain " + origin + " reproducibly: trainer class "
                    + trainerClass + " cannot restore its invocation count " + invocationCount
                    + " (it stayed at " + trainer.getInvocationCount() + "), so its random state would differ");
        }
        return trainer;
    }

    /**
     * Retrains on a dataset, recording the source URI found in its data source provenance, if any.
     *
     * @param data the training data
     * @return the model, the data's fingerprint and the run
     * @throws IllegalArgumentException if the dataset is empty
     * @throws RuntimeException whatever training or logging threw; a tracked run has then ended
     *     {@link RunStatus#FAILED}
     */
    public RetrainingResult<T> retrain(Dataset<T> data) {
        checkNotEmpty(data);
        return retrain(data, DatasetFingerprint.of(data));
    }

    /**
     * Retrains on a dataset read from a place the caller knows, recorded as its source URI.
     *
     * @param data the training data
     * @param source where the data was read from
     * @return the model, the data's fingerprint and the run
     * @throws IllegalArgumentException if the dataset is empty
     * @throws RuntimeException whatever training or logging threw; a tracked run has then ended
     *     {@link RunStatus#FAILED}
     */
    public RetrainingResult<T> retrain(Dataset<T> data, URI source) {
        checkNotEmpty(data);
        Objects.requireNonNull(source, "source");
        return retrain(data, DatasetFingerprint.of(data, source));
    }

    private RetrainingResult<T> retrain(Dataset<T> data, DatasetFingerprint fingerprint) {
        Trainer<T> trainer = trainer();
        if (tracked.isEmpty()) {
            Model<T> model = trainer.train(data);
            LOG.debug("retrained {} on {} rows (sha256 {})", origin, fingerprint.rows(), fingerprint.sha256());
            return new RetrainingResult<>(model, fingerprint, Optional.empty());
        }
        Tracked t = tracked.get();
        return t.tracker().run(t.experiment(), RunConfig.ofDefaults(), run -> {
            Map<String, String> params = new LinkedHashMap<>(ProvenanceParams.trainer(trainer.getProvenance()));
            params.putAll(fingerprint.params());
            run.logParams(params);
            run.setTag(RETRAINED_FROM_TAG, origin);
            Model<T> model = trainer.train(data);
            run.logText(Json.pretty(ProvenanceUtil.convertToMap(model.getProvenance())), TribuoAutolog.PROVENANCE_ARTIFACT);
            TribuoAutolog.logModel(run, model);
            LOG.debug("retrained {} on {} rows (sha256 {}) in run {}", origin, fingerprint.rows(),
                    fingerprint.sha256(), run.id());
            return new RetrainingResult<>(model, fingerprint, Optional.of(run.id()));
        });
    }

    private static void checkNotEmpty(Dataset<?> data) {
        Objects.requireNonNull(data, "data");
        if (data.size() == 0) {
            throw new IllegalArgumentException("data must not be empty but had 0 examples");
        }
    }

    /** @return what is retrained: a version's {@code models:/} URI, or {@code model '<name>'} */
    public String origin() {
        return origin;
    }

    /** @return the trainer's class name, from the provenance */
    public String trainerClassName() {
        return trainerClass;
    }

    /** @return how many times the original trainer had trained before it trained the model */
    public int invocationCount() {
        return invocationCount;
    }

    @Override
    public String toString() {
        return "TribuoRetraining[" + origin + ", " + trainerClass + " at invocation " + invocationCount
                + tracked.map(t -> ", tracked in '" + t.experiment() + "'").orElse("") + "]";
    }
}

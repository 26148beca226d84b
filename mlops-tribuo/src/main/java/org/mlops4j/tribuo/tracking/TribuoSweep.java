package org.mlops4j.tribuo.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Param;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tag;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.TrackingLimits;
import org.tribuo.Dataset;
import org.tribuo.Output;
import org.tribuo.Trainer;

/**
 * A hyperparameter sweep: one parent run, and one child run per trainer configuration (a trial),
 * each autologged by a {@link TribuoAutolog} on the same training and evaluation sets; the best
 * trial by a chosen metric is returned and recorded on the parent.
 *
 * <pre>{@code
 * Map<String, Trainer<Label>> trials = TribuoSweep.grid(
 *         Map.of("epochs", List.of(5, 10), "lr", List.of(0.1, 1.0)),
 *         p -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad((Double) p.get("lr")), (Integer) p.get("epochs"), 1L));
 * SweepResult<Label> result = TribuoSweep.of(autolog, "macro_f1", Goal.MAX).run("fraud", trials, train, eval);
 * }</pre>
 *
 * <p>The parent run gets the params {@value #METRIC_PARAM}, {@value #GOAL_PARAM} and
 * {@value #TRIALS_PARAM}, the tags {@value #BEST_RUN_TAG} and {@value #BEST_TRIAL_TAG}, and the
 * metric {@code best.<metric>}; children are found with {@link RunFilter#childrenOf(String)}.
 * Trials run one after another. Children are never registered: when the autolog registers, only
 * the best trial's model is, and the parent's {@value TribuoAutolog#REGISTERED_MODEL_TAG} tag
 * names the version.
 *
 * <p>A failing trial stops the sweep: its child run and the parent end {@link RunStatus#FAILED},
 * and the exception propagates. Trials that did not log the metric, or logged NaN, cannot be
 * best; if none logged it the parent fails with an {@link IllegalStateException}. Ties go to the
 * earlier trial.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the output type
 */
public final class TribuoSweep<T extends Output<T>> {

    /** Parent param: the metric trials are compared on. */
    public static final String METRIC_PARAM = "sweep.metric";
    /** Parent param: {@code MAX} or {@code MIN}. */
    public static final String GOAL_PARAM = "sweep.goal";
    /** Parent param: the number of trials. */
    public static final String TRIALS_PARAM = "sweep.trials";
    /** Parent tag: the run id of the best trial. */
    public static final String BEST_RUN_TAG = "mlops.sweep.best_run_id";
    /** Parent tag: the name of the best trial. */
    public static final String BEST_TRIAL_TAG = "mlops.sweep.best_trial";

    private final TribuoAutolog<T> autolog;
    private final String metric;
    private final Goal goal;

    private TribuoSweep(TribuoAutolog<T> autolog, String metric, Goal goal) {
        this.autolog = autolog;
        this.metric = metric;
        this.goal = goal;
    }

    /**
     * Configures a sweep.
     *
     * @param autolog how each trial is trained, logged and sliced, and how the best is registered
     * @param metric the metric to compare trials on, for example {@code accuracy}, {@code rmse} or
     *     {@code slice.colour_red.macro_f1}
     * @param goal {@link Goal#MAX} when larger is better, {@link Goal#MIN} when smaller is
     * @param <T> the output type
     * @return the sweep
     * @throws IllegalArgumentException if the metric is not a valid key
     */
    public static <T extends Output<T>> TribuoSweep<T> of(TribuoAutolog<T> autolog, String metric, Goal goal) {
        Objects.requireNonNull(autolog, "autolog");
        TrackingLimits.checkKey(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        return new TribuoSweep<>(autolog, metric, goal);
    }

    /**
     * Builds one trainer per point of a grid (the Cartesian product of each parameter's values),
     * named like {@code epochs=5, lr=0.1}. Parameters are combined in name order, values in list
     * order, so the result does not depend on the map's iteration order.
     *
     * @param grid parameter name to its values; at least one parameter, each with at least one value
     * @param factory builds the trainer of one point (parameter name to value, in name order)
     * @param <T> the output type
     * @return trial name to trainer, in grid order; immutable
     * @throws IllegalArgumentException if the grid or a value list is empty, or two points get the same name
     */
    public static <T extends Output<T>> Map<String, Trainer<T>> grid(Map<String, ? extends List<?>> grid,
                                                                     Function<? super Map<String, Object>, ? extends Trainer<T>> factory) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(factory, "factory");
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("grid must have at least one parameter but was empty");
        }
        Map<String, List<?>> sorted = new TreeMap<>();
        grid.forEach((name, values) -> {
            Objects.requireNonNull(values, "values of grid parameter '" + name + "'");
            if (values.isEmpty()) {
                throw new IllegalArgumentException("grid parameter '" + name + "' must have at least one value");
            }
            sorted.put(name, List.copyOf(values));
        });
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<?>> param : sorted.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>(points.size() * param.getValue().size());
            for (Map<String, Object> point : points) {
                for (Object value : param.getValue()) {
                    Map<String, Object> p = new LinkedHashMap<>(point);
                    p.put(param.getKey(), value);
                    next.add(p);
                }
            }
            points = next;
        }
        Map<String, Trainer<T>> trials = new LinkedHashMap<>();
        for (Map<String, Object> point : points) {
            StringBuilder name = new StringBuilder();
            point.forEach((k, v) -> name.append(name.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            String trialName = Keys.truncate(name.toString(), TrackingLimits.MAX_RUN_NAME_LENGTH);
            Trainer<T> trainer = Objects.requireNonNull(factory.apply(Collections.unmodifiableMap(point)),
                    "trainer for grid point " + trialName);
            if (trials.putIfAbsent(trialName, trainer) != null) {
                throw new IllegalArgumentException("two grid points are both named '" + trialName + "'");
            }
        }
        return Collections.unmodifiableMap(trials);
    }

    /**
     * Runs a sweep over trainers named {@code trial-<n>-<TrainerClass>} (n from 1).
     *
     * @param experiment the experiment, created if needed
     * @param trainers the configurations to try; at least one
     * @param train the training set
     * @param evaluation the evaluation set
     * @return every trial's result and the best
     * @throws IllegalArgumentException if there are no trainers
     */
    public SweepResult<T> run(String experiment, List<? extends Trainer<T>> trainers, Dataset<T> train,
                              Dataset<T> evaluation) {
        Objects.requireNonNull(trainers, "trainers");
        Map<String, Trainer<T>> named = new LinkedHashMap<>();
        for (int i = 0; i < trainers.size(); i++) {
            Trainer<T> trainer = Objects.requireNonNull(trainers.get(i), "trainers[" + i + "]");
            named.put("trial-" + (i + 1) + "-" + trainer.getClass().getSimpleName(), trainer);
        }
        return run(experiment, RunConfig.ofDefaults(), named, train, evaluation);
    }

    /**
     * Runs a sweep over named trainers.
     *
     * @param experiment the experiment, created if needed
     * @param trials trial name (the child run's name) to trainer; at least one
     * @param train the training set
     * @param evaluation the evaluation set
     * @return every trial's result and the best
     * @throws IllegalArgumentException if there are no trials or a name is not a valid run name
     */
    public SweepResult<T> run(String experiment, Map<String, ? extends Trainer<T>> trials, Dataset<T> train,
                              Dataset<T> evaluation) {
        return run(experiment, RunConfig.ofDefaults(), trials, train, evaluation);
    }

    /**
     * Runs a sweep over named trainers, starting the parent run with the given options; children
     * record source tags when the parent does.
     *
     * @param experiment the experiment, created if needed
     * @param options how to start the parent run
     * @param trials trial name (the child run's name) to trainer; at least one
     * @param train the training set
     * @param evaluation the evaluation set
     * @return every trial's result and the best
     * @throws IllegalArgumentException if there are no trials or a name is not a valid run name;
     *     checked before the parent run starts
     * @throws IllegalStateException if no trial logged the metric
     */
    public SweepResult<T> run(String experiment, RunConfig options, Map<String, ? extends Trainer<T>> trials,
                              Dataset<T> train, Dataset<T> evaluation) {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(trials, "trials");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(evaluation, "evaluation");
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one trial but was given none");
        }
        Map<String, Trainer<T>> checked = new LinkedHashMap<>();
        trials.forEach((name, trainer) -> checked.put(TrackingLimits.checkRunName(name),
                Objects.requireNonNull(trainer, "trainer of trial '" + name + "'")));
        Tracker tracker = autolog.tracker();
        return tracker.run(experiment, options, parent -> sweep(parent, experiment, options, checked, train, evaluation));
    }

    private SweepResult<T> sweep(Run parent, String experiment, RunConfig options, Map<String, Trainer<T>> trials,
                                 Dataset<T> train, Dataset<T> evaluation) {
        parent.logParams(Map.of(METRIC_PARAM, metric, GOAL_PARAM, goal.name(), TRIALS_PARAM, trials.size()));
        TribuoAutolog<T> children = autolog.withoutRegistration();
        Map<String, AutologResult<T>> results = new LinkedHashMap<>();
        String best = null;
        double bestValue = Double.NaN;
        for (Map.Entry<String, Trainer<T>> trial : trials.entrySet()) {
            RunConfig child = RunConfig.ofDefaults().recordSource(options.recordSource())
                    .parent(parent.id()).name(trial.getKey());
            AutologResult<T> result = children.train(experiment, child, trial.getValue(), train, evaluation);
            results.put(trial.getKey(), result);
            Double value = result.metrics().get(metric);
            if (value != null && !value.isNaN() && (best == null || better(value, bestValue))) {
                best = trial.getKey();
                bestValue = value;
            }
        }
        if (best == null) {
            AutologResult<T> first = results.values().iterator().next();
            throw new IllegalStateException("no trial logged metric '" + metric + "'; trials logged "
                    + first.metrics().keySet());
        }
        String bestTrial = best;
        AutologResult<T> winner = results.get(bestTrial);
        List<Tag> tags = new ArrayList<>(List.of(new Tag(BEST_RUN_TAG, winner.runId()),
                new Tag(BEST_TRIAL_TAG, bestTrial)));
        Optional<ModelVersion> version = autolog.registration().map(r -> r.register(autolog.tracker(),
                winner.runId(), winner.model(), trials.get(bestTrial).getClass().getName()));
        version.ifPresent(v -> tags.add(new Tag(TribuoAutolog.REGISTERED_MODEL_TAG, v.uri())));
        Metric bestMetric = new Metric(Keys.truncate("best." + metric, TrackingLimits.MAX_KEY_LENGTH), bestValue, 0L,
                autolog.tracker().clock().now());
        autolog.tracker().logBatch(parent.id(), List.of(bestMetric), List.<Param>of(), tags);
        return new SweepResult<>(parent.id(), results, bestTrial, metric, goal, version);
    }

    private boolean better(double value, double bestValue) {
        return goal == Goal.MAX ? value > bestValue : value < bestValue;
    }

    @Override
    public String toString() {
        return "TribuoSweep[" + goal + " " + metric + ", " + autolog + "]";
    }
}

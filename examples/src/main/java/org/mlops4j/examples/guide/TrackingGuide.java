package org.mlops4j.examples.guide;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Goal;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunModels;
import org.mlops4j.tracking.RunOrder;
import org.mlops4j.tracking.RunPage;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.ViewType;
import org.mlops4j.tribuo.TribuoModels;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The code of the snippets of {@code docs/tracking.md}, kept here so that it compiles with every
 * build. Each method is one snippet; {@code TrackingGuideTest} runs them.
 */
public final class TrackingGuide {

    private TrackingGuide() {
    }

    /**
     * What a promotion did: whether the alias moved, the model's alias history, and the model the
     * alias now serves.
     *
     * @param promoted true when the compare-and-set moved the alias
     * @param history every alias change of the model, oldest first
     * @param champion the model {@code champion} points to, loaded after its checksum was verified
     */
    public record Promotion(boolean promoted, List<AliasChange> history, Model<Label> champion) {
    }

    /**
     * docs/tracking.md "Runs": a run handle with try-with-resources, marking a failure inside the
     * block so that {@code close()} does not end the run {@code FINISHED}.
     *
     * @param tracker the tracker
     * @param evaluate computes the run's accuracy; may throw
     * @return the id of the run, which ended {@code FINISHED}
     * @throws RuntimeException what {@code evaluate} threw; the run has then ended {@code FAILED}
     */
    public static String runHandle(Tracker tracker, DoubleSupplier evaluate) {
        // tag::run-handle[]
        try (Run run = tracker.startRun("fraud", RunConfig.ofDefaults().name("nightly").tag("team", "risk"))) {
            try {
                run.logParam("trainer", "CART").logMetric("accuracy", evaluate.getAsDouble());
            } catch (RuntimeException e) {
                run.fail(e);          // FAILED, stack trace in the mlops.run.error tag
                throw e;
            }
            return run.id();
        }                             // close(): FINISHED, unless the run has ended already
        // end::run-handle[]
    }

    /**
     * What the "search-runs" snippet found.
     *
     * @param trials the matching runs, best first
     * @param loss the loss history of the best run, by step
     */
    public record SearchResult(List<RunInfo> trials, List<Metric> loss) {
    }

    /**
     * docs/tracking.md "Search runs": the finished trials of a sweep with a usable metric, best
     * first, every page of them, and the loss history of the best.
     *
     * @param tracker the tracker
     * @param sweepRunId the sweep's parent run
     * @return the matching trials, best first, and the loss history of the best
     */
    public static SearchResult searchRuns(Tracker tracker, String sweepRunId) {
        String experimentId = tracker.run(sweepRunId).orElseThrow().experimentId();
        // tag::search-runs[]
        RunQuery query = RunQuery.in(experimentId)
                .filter(RunFilter.childrenOf(sweepRunId)                      // the trials of one sweep
                        .and(RunFilter.status(RunStatus.FINISHED))
                        .and(RunFilter.metric("macro_f1").ge(0.5)))           // runs with a value, not NaN
                .orderBy(RunOrder.byMetric("macro_f1", Goal.MAX))              // best first
                .maxResults(100);                                               // page size, up to 50,000
        List<RunInfo> trials = new ArrayList<>();
        RunPage page = tracker.searchRuns(query);
        trials.addAll(page.runs());
        while (page.nextPageToken().isPresent()) {
            page = tracker.searchRuns(query.pageToken(page.nextPageToken().get()));
            trials.addAll(page.runs());
        }
        List<Metric> loss = tracker.metricHistory(trials.get(0).runId(), "loss");  // every value, by step
        // end::search-runs[]
        return new SearchResult(List.copyOf(trials), loss);
    }

    /**
     * docs/tracking.md "Aliases": promote the latest ready version to champion with an audited
     * compare-and-set, read the audit history, and load the champion by URI.
     *
     * @param registry the registry holding versions of {@code fraud}
     * @return whether the alias moved, the history, and the loaded champion
     */
    public static Promotion promoteLatest(ModelRegistry registry) {
        // tag::promote-champion[]
        ModelVersion latest = registry.require("models:/fraud/latest");             // highest READY version
        OptionalInt current = registry.getByAlias("fraud", "champion")
                .map(v -> OptionalInt.of(v.version())).orElse(OptionalInt.empty());
        boolean promoted = registry.compareAndSetAlias("fraud", "champion", current, latest.version(),
                Attribution.by("ci-nightly", "macro_f1 0.91 vs 0.88 on the holdout"));  // false if moved meanwhile
        List<AliasChange> history = registry.aliasHistory("fraud");                  // who, when, why; oldest first
        Model<Label> champion = registry.load("models:/fraud@champion", TribuoModels.loader(Label.class));
        // end::promote-champion[]
        return new Promotion(promoted, history, champion);
    }

    /**
     * docs/tracking.md "Delete and restore": soft-delete a run with an attribution, find it among the
     * deleted runs, and restore it.
     *
     * @param tracker the tracker
     * @param runId the run to delete and restore
     * @return the deleted runs of the run's experiment, as seen while the run was deleted
     */
    public static List<RunInfo> deleteAndRestore(Tracker tracker, String runId) {
        String experimentId = tracker.run(runId).orElseThrow().experimentId();
        // tag::delete-restore[]
        tracker.deleteRun(runId, Attribution.by("alice", "trained on leaked labels"));   // who and why, as tags
        List<RunInfo> deleted = tracker.searchRuns(RunQuery.in(experimentId)
                .viewType(ViewType.DELETED_ONLY)).runs();                             // hidden by default
        tracker.restoreRun(runId, Attribution.by("bob", "labels were fine"));
        // end::delete-restore[]
        return deleted;
    }

    /**
     * docs/tracking.md "Register from a run": log the model file with the run, then register the
     * version straight from {@code runs:/<run id>/model/<file>}; the original file may go.
     *
     * @param tracker the tracker
     * @param registry the registry
     * @param modelFile the trained model's file
     * @param stagingDir where a remote tracker downloads the artifact
     * @return the new version
     */
    public static ModelVersion registerFromRun(Tracker tracker, ModelRegistry registry, Path modelFile,
                                               Path stagingDir) {
        // tag::register-from-run[]
        String runId;
        try (Run run = tracker.startRun("fraud")) {
            run.logArtifact(modelFile, "model");                                  // copied into the run
            runId = run.id();
        }
        ModelVersion version = RunModels.register(tracker, registry,
                "runs:/" + runId + "/model/" + modelFile.getFileName(),         // the run's copy
                ModelRegistration.builder("fraud").description("nightly"), stagingDir);
        // version.sourceRunId() is the run; the registry keeps the artifact as it keeps any other
        // end::register-from-run[]
        return version;
    }
}

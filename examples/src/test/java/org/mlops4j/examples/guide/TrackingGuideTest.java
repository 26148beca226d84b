package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.examples.FraudData;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.LifecycleAudit;
import org.mlops4j.tracking.Metric;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Run;
import org.mlops4j.tracking.RunConfig;
import org.mlops4j.tracking.RunFilter;
import org.mlops4j.tracking.RunInfo;
import org.mlops4j.tracking.RunQuery;
import org.mlops4j.tracking.RunStatus;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tribuo.TribuoModels;
import org.mlops4j.tribuo.TribuoPredictor;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class TrackingGuideTest {

    @TempDir
    Path dir;

    @Test
    void runHandleEndsFinishedOrFailedWithTheErrorRecorded() {
        try (Tracker tracker = new InMemoryTracker()) {
            String ok = TrackingGuide.runHandle(tracker, () -> 0.93);
            RunInfo finished = tracker.run(ok).orElseThrow();
            assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(finished.runName()).isEqualTo("nightly");
            assertThat(finished.params()).containsEntry("trainer", "CART");
            assertThat(finished.metric("accuracy")).contains(0.93);
            assertThat(finished.tags()).containsEntry("team", "risk").containsKey("mlops.java.version");

            assertThatThrownBy(() -> TrackingGuide.runHandle(tracker, () -> {
                throw new IllegalStateException("holdout is empty");
            })).isInstanceOf(IllegalStateException.class).hasMessage("holdout is empty");

            String experiment = tracker.experiment("fraud").orElseThrow().id();
            List<RunInfo> failed = tracker.searchRuns(RunQuery.in(experiment)
                    .filter(RunFilter.status(RunStatus.FAILED))).runs();
            assertThat(failed).singleElement().satisfies(r -> {
                assertThat(r.runName()).isEqualTo("nightly");
                assertThat(r.tags().get(Run.ERROR_TAG)).contains("IllegalStateException: holdout is empty");
                assertThat(r.params()).containsEntry("trainer", "CART");   // logged before evaluate() threw
                assertThat(r.latestMetrics()).isEmpty();
            });
        }
    }

    @Test
    void searchRunsPagesThroughTheUsableTrialsOfOneSweepBestFirst() {
        try (Mlops mlops = Mlops.local(dir)) {
            Tracker tracker = mlops.tracker();
            RunConfig quiet = RunConfig.ofDefaults().recordSource(false);
            String sweep;
            try (Run parent = tracker.startRun("fraud", quiet.name("sweep"))) {
                sweep = parent.id();
            }
            List<String> expected = new ArrayList<>();
            Map<String, Double> values = new java.util.HashMap<>();
            for (int i = 0; i < 250; i++) {
                Run child = tracker.startRun("fraud", quiet.parent(sweep).name("trial-" + i));
                List<Metric> metrics = new ArrayList<>();
                for (int step = 0; step < 3; step++) {
                    metrics.add(new Metric("loss", 1.0 / (step + 1 + i), step, tracker.clock().now()));
                }
                double f1 = 0.5 + i / 1_000.0;
                switch (i % 10) {
                    case 0 -> f1 = Double.NaN;          // undefined: excluded by the metric condition
                    case 1 -> f1 = -1;                  // never logged
                    case 3 -> f1 = 0.2;                 // below the bound
                    default -> { }
                }
                if (f1 != -1) {
                    metrics.add(new Metric("macro_f1", f1, 0, tracker.clock().now()));
                }
                tracker.logBatch(child.id(), metrics, List.of(), List.of());
                if (i % 10 == 2) {
                    child.fail(new IllegalStateException("trial " + i));
                } else {
                    child.close();
                    if (i % 10 != 0 && i % 10 != 1 && i % 10 != 3) {
                        expected.add(child.id());
                        values.put(child.id(), f1);
                    }
                }
            }
            // A better run outside the sweep must not be found.
            tracker.run("fraud", quiet.name("other"), run -> run.logMetric("macro_f1", 0.99));
            expected.sort(Comparator.comparing(values::get).reversed());

            TrackingGuide.SearchResult result = TrackingGuide.searchRuns(tracker, sweep);

            assertThat(expected).hasSize(150);   // more than one page of 100
            assertThat(result.trials()).extracting(RunInfo::runId).containsExactlyElementsOf(expected);
            assertThat(result.trials().get(0).metric("macro_f1")).contains(0.5 + 249 / 1_000.0);
            assertThat(result.loss()).extracting(Metric::step).containsExactly(0L, 1L, 2L);
            assertThat(result.loss()).extracting(Metric::value).containsExactly(1.0 / 250, 1.0 / 251, 1.0 / 252);
        }
    }

    @Test
    void promotionMovesTheChampionWithAnAuditedCompareAndSetAndLoadsIt() {
        MutableDataset<Label> train = FraudData.dataset(FraudData.generate(1_000, 21), "guide train");
        Model<Label> first = new LogisticRegressionTrainer().train(train);
        Model<Label> second = new CARTClassificationTrainer(4).train(train);
        try (Mlops mlops = Mlops.local(dir)) {
            ModelRegistry registry = mlops.registry();
            registry.register(ModelRegistration.builder("fraud")
                    .artifact(TribuoModels.save(first, dir.resolve("v1.tribuo"))).build());

            TrackingGuide.Promotion initial = TrackingGuide.promoteLatest(registry);

            assertThat(initial.promoted()).isTrue();
            assertThat(initial.history()).singleElement().satisfies(c -> {
                assertThat(c.previousVersion()).isEmpty();
                assertThat(c.newVersion()).hasValue(1);
                assertThat(c.attribution().actor()).isEqualTo("ci-nightly");
            });

            registry.register(ModelRegistration.builder("fraud")
                    .artifact(TribuoModels.save(second, dir.resolve("v2.tribuo"))).build());
            registry.register(ModelRegistration.builder("fraud").build());   // v3, PENDING: not "latest"

            TrackingGuide.Promotion next = TrackingGuide.promoteLatest(registry);

            assertThat(next.promoted()).isTrue();
            assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
            assertThat(next.history()).hasSize(2);
            AliasChange last = next.history().get(1);
            assertThat(last.previousVersion()).hasValue(1);
            assertThat(last.newVersion()).hasValue(2);
            Map<String, Object> row = FraudData.generate(1, 5).get(0).features();
            assertThat(TribuoPredictor.of(next.champion()).predict(row).getOutputScores())
                    .isEqualTo(TribuoPredictor.of(second).predict(row).getOutputScores());

            // A promoter that still believes version 1 is champion loses, and nothing is recorded.
            assertThat(registry.compareAndSetAlias("fraud", "champion", OptionalInt.of(1), 1,
                    Attribution.by("stale-job", "rollback"))).isFalse();
            assertThat(registry.getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(2);
            assertThat(registry.aliasHistory("fraud")).hasSize(2);
        }
    }

    @Test
    void aDeletedRunIsListedAmongTheDeletedAndRestoredWithItsAuditTags() {
        try (Tracker tracker = new InMemoryTracker()) {
            String kept = tracker.startRun("fraud").id();
            String runId = tracker.startRun("fraud").id();

            List<RunInfo> deleted = TrackingGuide.deleteAndRestore(tracker, runId);

            assertThat(deleted).extracting(RunInfo::runId).containsExactly(runId);
            RunInfo restored = tracker.run(runId).orElseThrow();
            assertThat(restored.isDeleted()).isFalse();
            assertThat(restored.tags()).containsEntry(LifecycleAudit.DELETED_BY, "alice")
                    .containsEntry(LifecycleAudit.RESTORED_BY, "bob");
            assertThat(tracker.searchRuns(RunQuery.in(restored.experimentId())).runs()).extracting(RunInfo::runId)
                    .containsExactlyInAnyOrder(kept, runId);
        }
    }

    @Test
    void aVersionRegisteredFromARunLoadsTheRunsBytesAfterTheOriginalIsGone() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("fraud.bin"), "weights v1");
        try (Mlops mlops = Mlops.local(dir.resolve("store"))) {
            ModelVersion version = TrackingGuide.registerFromRun(mlops.tracker(), mlops.registry(), file,
                    dir.resolve("staging"));
            java.nio.file.Files.delete(file);

            assertThat(version.sourceRunId()).isPresent();
            assertThat(mlops.tracker().run(version.sourceRunId().get())).isPresent();
            ModelLoader<String> text = p -> java.nio.file.Files.readString(p);
            assertThat(mlops.registry().load(version, text)).isEqualTo("weights v1");
        }
    }
}

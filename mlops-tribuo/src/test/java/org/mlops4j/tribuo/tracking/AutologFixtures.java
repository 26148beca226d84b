package org.mlops4j.tribuo.tracking;

import org.mlops4j.tribuo.TribuoFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlops4j.core.ManualClock;
import org.mlops4j.tribuo.TribuoExamples;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Tracker;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Small seeded datasets and a tracker for the autolog tests. */
final class AutologFixtures {

    private AutologFixtures() {
    }

    static Tracker tracker(Path dir) {
        return new InMemoryTracker(new ManualClock(Instant.parse("2024-05-01T00:00:00Z")), dir);
    }

    /** Rows with a numeric x and y in (0, 1), a colour from three (one-hot), and a flag. */
    static List<Map<String, Object>> rows(int n, long seed) {
        return TribuoFixtures.rows(n, seed);
    }

    /** Positive when x + y > 1, or the colour is red and the flag is set: a linear model errs on red rows. */
    static String truth(Map<String, Object> row) {
        return TribuoFixtures.truth(row);
    }

    static MutableDataset<Label> classification(int n, long seed) {
        List<Map<String, Object>> rows = rows(n, seed);
        List<Label> labels = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            labels.add(new Label(truth(r)));
        }
        return TribuoExamples.dataset(rows, labels, new LabelFactory(), "autolog fixture seed " + seed);
    }

    static MutableDataset<Regressor> regression(int n, long seed) {
        List<Map<String, Object>> rows = rows(n, seed);
        List<Regressor> targets = new ArrayList<>();
        SplittableRandom noise = new SplittableRandom(seed + 1000);
        for (Map<String, Object> r : rows) {
            double y = 3.0 * (Double) r.get("x") - 2.0 * (Double) r.get("y") + 1.0 + 0.1 * (noise.nextDouble() - 0.5);
            targets.add(new Regressor("target", y));
        }
        return TribuoExamples.dataset(rows, targets, new RegressionFactory(), "regression fixture seed " + seed);
    }

    static String readArtifact(Tracker tracker, String runId, String path) {
        try (InputStream in = tracker.openArtifact(runId, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path copyArtifact(Tracker tracker, String runId, String path, Path target) {
        try (InputStream in = tracker.openArtifact(runId, path)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

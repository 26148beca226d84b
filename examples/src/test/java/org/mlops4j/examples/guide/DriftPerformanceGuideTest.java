package org.mlops4j.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.monitoring.drift.DriftResult;
import org.mlops4j.monitoring.drift.DriftTests;

class DriftPerformanceGuideTest {

    @Test
    void everyTestOnOneSortAnswersAsOnTheArrays() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] ref = new double[20_000];
        double[] cur = new double[15_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = 100 + 10 * rnd.nextGaussian();
        }
        for (int i = 0; i < cur.length; i++) {
            cur[i] = 103 + 10 * rnd.nextGaussian();
        }
        Map<String, DriftResult> results = DriftPerformanceGuide.allTestsOneSort(ref, cur);
        assertThat(results).containsOnlyKeys("ks", "cvm", "mannw", "t_test", "wasserstein", "energy");
        results.forEach((name, r) -> assertThat(r).isEqualTo(DriftTests.numeric(name).test(ref, cur)));
        assertThat(results.get("ks").drifted()).isTrue();
    }

    @Test
    void anEncodedColumnAnswersAsItsLabels() {
        List<String> dictionary = List.of("card", "cash", "transfer");
        int[] ref = {0, 0, 1, 2, 0, 1, 0, 0, 2, 1, 0, 0};
        int[] cur = {2, 2, 1, 2, 0, 2, 2, 1, 2, 2, 0, 2};
        DriftResult r = DriftPerformanceGuide.encodedColumn(dictionary, ref, cur);
        String[] refLabels = new String[ref.length];
        String[] curLabels = new String[cur.length];
        for (int i = 0; i < ref.length; i++) {
            refLabels[i] = dictionary.get(ref[i]);
            curLabels[i] = dictionary.get(cur[i]);
        }
        assertThat(r).isEqualTo(DriftTests.auto(refLabels).test(refLabels, curLabels));
        assertThat(r.method()).isEqualTo("chisquare");
    }
}

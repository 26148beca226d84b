package org.mlops4j.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.multivariate.DomainClassifierDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDrift;
import org.mlops4j.monitoring.multivariate.MultivariateDriftConfig;
import org.mlops4j.monitoring.multivariate.MultivariateMethod;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

class TribuoDomainClassifierTest {

    private static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.numeric("y"));

    private static List<Map<String, Object>> rows(int n, double rho, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = gaussian(random);
            out.add(Map.of("x", x, "y", rho * x + Math.sqrt(1 - rho * rho) * gaussian(random)));
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static DomainClassifierDrift check(TribuoDomainClassifier trainer, double rho, long seed) {
        MultivariateDriftConfig config = MultivariateDriftConfig.builder().maxRows(400)
                .methods(Set.of(MultivariateMethod.DOMAIN_CLASSIFIER)).trainer(trainer).build();
        return MultivariateDrift.fit(SCHEMA, rows(1_000, 0.9, 1), config).check(rows(400, rho, seed))
                .domainClassifier().orElseThrow();
    }

    @Test
    void aTribuoTreeSeesTheCorrelationFlipAndStaysQuietWithoutOne() {
        TribuoDomainClassifier cart = TribuoDomainClassifier.of(new CARTClassificationTrainer(6));
        DomainClassifierDrift flipped = check(cart, -0.9, 2);
        assertThat(flipped.auc()).isGreaterThan(0.85);
        assertThat(flipped.pValue()).isLessThan(1e-20);
        assertThat(flipped.drifted()).isTrue();
        int falseAlarms = 0;
        for (long seed = 10; seed < 15; seed++) {
            falseAlarms += check(cart, 0.9, seed).drifted() ? 1 : 0;
        }
        assertThat(falseAlarms).isZero();
        assertThat(cart.toString()).startsWith("TribuoDomainClassifier[");
    }

    @Test
    void aTribuoLogisticRegressionCannotSeeTheFlip() {
        DomainClassifierDrift linear = check(TribuoDomainClassifier.of(new LogisticRegressionTrainer()), -0.9, 2);
        assertThat(linear.auc()).isCloseTo(0.5, within(0.06));
        assertThat(linear.drifted()).isFalse();
    }
}

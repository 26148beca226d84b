package org.mlops4j.monitoring.multivariate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/** Rows of two standard normal features {@code x, y} with a given correlation, from a seed. */
final class CorrelatedRows {

    static final Schema SCHEMA = Schema.of(Feature.numeric("x"), Feature.numeric("y"));

    private CorrelatedRows() {
    }

    static List<Map<String, Object>> rows(int n, double rho, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = gaussian(random);
            double y = rho * x + Math.sqrt(1 - rho * rho) * gaussian(random);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("x", x);
            row.put("y", y);
            out.add(row);
        }
        return out;
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static double[] column(List<Map<String, Object>> rows, String name) {
        return rows.stream().mapToDouble(r -> (Double) r.get(name)).toArray();
    }
}

package org.mlops4j.examples;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlops4j.tribuo.TribuoExamples;
import org.tribuo.MutableDataset;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Synthetic daily demand of stores: store size, weekly and yearly seasonality, price elasticity,
 * promotions and weather, with noise. For the demand-forecast batch example.
 */
public final class DemandData {

    /**
     * One store-day and the units it sold.
     *
     * @param store the store's id
     * @param day the day
     * @param features the model's input
     * @param units the units sold
     */
    public record StoreDay(String store, LocalDate day, Map<String, Object> features, double units) {
    }

    private DemandData() {
    }

    /**
     * Generates store-days.
     *
     * @param stores how many stores (ids S01, S02, ...)
     * @param from the first day
     * @param days how many days
     * @param seed the random seed
     * @param shock from this day on, a competitor takes 35% of the demand of the first third of the
     *     stores (null for none)
     * @return the store-days, day by day
     */
    public static List<StoreDay> generate(int stores, LocalDate from, int days, long seed, LocalDate shock) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] size = new double[stores];
        SplittableRandom sizes = new SplittableRandom(1);
        for (int s = 0; s < stores; s++) {
            size[s] = 40 + 80 * sizes.nextDouble();
        }
        List<StoreDay> out = new ArrayList<>(stores * days);
        for (int d = 0; d < days; d++) {
            LocalDate day = from.plusDays(d);
            double season = Math.sin(2 * Math.PI * day.getDayOfYear() / 365.25);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            for (int s = 0; s < stores; s++) {
                double price = Math.round((8 + 4 * rnd.nextDouble()) * 100) / 100.0;
                boolean promo = rnd.nextDouble() < 0.15;
                double temperature = Math.round((12 + 10 * season + 4 * StandardNormal.draw(rnd)) * 10) / 10.0;
                double units = size[s] * (weekend ? 1.35 : 1.0) * (1 + 0.25 * season) * (1 - 0.06 * (price - 10))
                        * (promo ? 1.3 : 1.0) + 0.8 * temperature + 6 * StandardNormal.draw(rnd);
                if (shock != null && !day.isBefore(shock) && s < stores / 3) {
                    units *= 0.65;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                String store = String.format("S%02d", s + 1);
                row.put("store", store);
                row.put("weekend", weekend);
                row.put("season", Math.round(season * 1000) / 1000.0);
                row.put("price", price);
                row.put("promo", promo);
                row.put("temperature", temperature);
                out.add(new StoreDay(store, day, row, Math.max(0, Math.round(units))));
            }
        }
        return out;
    }

    /**
     * Encodes store-days as a Tribuo regression dataset with target {@code units}.
     *
     * @param days the store-days
     * @param description where they came from
     * @return the dataset
     */
    public static MutableDataset<Regressor> dataset(List<StoreDay> days, String description) {
        List<Map<String, Object>> rows = new ArrayList<>(days.size());
        List<Regressor> targets = new ArrayList<>(days.size());
        for (StoreDay d : days) {
            rows.add(d.features());
            targets.add(new Regressor("units", d.units()));
        }
        return TribuoExamples.dataset(rows, targets, new RegressionFactory(), description);
    }
}

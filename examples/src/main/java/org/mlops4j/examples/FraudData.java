package org.mlops4j.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlops4j.tribuo.TribuoExamples;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * Synthetic card transactions for the examples: numeric, categorical and boolean features, some
 * missing values, and a fraud label drawn from a known logistic model, so results are repeatable
 * for a given seed.
 */
public final class FraudData {

    /**
     * One generated transaction and its label.
     *
     * @param customerId the customer, used as the routing key
     * @param features the model's input
     * @param label {@code fraud} or {@code legit}
     */
    public record Transaction(String customerId, Map<String, Object> features, String label) {
    }

    private static final String[] COUNTRIES = {"DE", "FR", "US", "BR", "IN"};
    private static final double[] COUNTRY_RISK = {-0.4, -0.3, 0.0, 0.6, 0.4};
    private static final String[] CHANNELS = {"web", "app", "pos"};
    private static final double[] CHANNEL_RISK = {0.5, 0.0, -0.6};

    private FraudData() {
    }

    /**
     * Generates transactions.
     *
     * @param n how many
     * @param seed the random seed
     * @return the transactions
     */
    public static List<Transaction> generate(int n, long seed) {
        return generate(n, seed, false);
    }

    /**
     * Generates transactions after a drift: a new customer segment (mostly new customers from
     * India and Brazil, larger amounts) and changed fraud behaviour (the app channel became the
     * risky one, night hours no longer are).
     *
     * @param n how many
     * @param seed the random seed
     * @return the transactions
     */
    public static List<Transaction> generateDrifted(int n, long seed) {
        return generate(n, seed, true);
    }

    private static List<Transaction> generate(int n, long seed, boolean drifted) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Transaction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double amount = Math.exp((drifted ? 4.1 : 3.5) + 1.1 * StandardNormal.draw(rnd));
            int hour = rnd.nextInt(24);
            int country = drifted && rnd.nextDouble() < 0.7 ? 3 + rnd.nextInt(2) : rnd.nextInt(COUNTRIES.length);
            int channel = rnd.nextInt(CHANNELS.length);
            boolean newCustomer = rnd.nextDouble() < (drifted ? 0.6 : 0.2);
            int txLast24h = (int) Math.min(40, Math.floor(-Math.log(1 - rnd.nextDouble()) * 3));
            double z = drifted
                    ? -3.6 + 0.002 * amount + 2 * COUNTRY_RISK[country] + (channel == 1 ? 2.6 : -0.8)
                            + (newCustomer ? 0.5 : 0.0) + 0.25 * txLast24h
                    : -3.4 + 0.004 * amount + (hour < 6 ? 1.8 : 0.0) + 2 * COUNTRY_RISK[country]
                            + 2 * CHANNEL_RISK[channel] + (newCustomer ? 1.5 : 0.0) + 0.25 * txLast24h;
            boolean fraud = rnd.nextDouble() < 1.0 / (1.0 + Math.exp(-z));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("amount", Math.round(amount * 100) / 100.0);
            row.put("hour", hour);
            row.put("country", COUNTRIES[country]);
            row.put("channel", CHANNELS[channel]);
            row.put("new_customer", newCustomer);
            // About 3% of the velocity counts are missing, as from a late feature store.
            row.put("tx_last_24h", rnd.nextDouble() < 0.03 ? null : txLast24h);
            out.add(new Transaction((drifted ? "d" : "c") + (seed * 1_000_003L + i), row, fraud ? "fraud" : "legit"));
        }
        return out;
    }

    /**
     * Returns the model inputs of transactions.
     *
     * @param txs the transactions
     * @return their feature rows, in order
     */
    public static List<Map<String, Object>> rows(List<Transaction> txs) {
        List<Map<String, Object>> rows = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            rows.add(tx.features());
        }
        return rows;
    }

    /**
     * Encodes transactions as a labelled Tribuo dataset.
     *
     * @param txs the transactions
     * @param description where they came from, recorded in the dataset's provenance
     * @return the dataset
     */
    public static MutableDataset<Label> dataset(List<Transaction> txs, String description) {
        List<Label> labels = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            labels.add(new Label(tx.label()));
        }
        return TribuoExamples.dataset(rows(txs), labels, new LabelFactory(), description);
    }
}

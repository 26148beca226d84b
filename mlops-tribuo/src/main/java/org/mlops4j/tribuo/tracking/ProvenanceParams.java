package org.mlops4j.tribuo.tracking;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.TimeProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mlops4j.tracking.TrackingLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Dataset;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Turns Tribuo provenance into run params: a trainer's configuration flattened to dotted keys,
 * and a dataset's source, size, feature count and content hash. Stateless.
 *
 * <p>Flattening follows the provenance tree: a nested object adds its field name
 * ({@code trainer.optimiser.initialLearningRate}), a list element its index
 * ({@code trainer.members.0.class-name}), a map entry its key; an empty list or map is recorded as
 * {@code []} or {@code {}}. Two kinds of entry are skipped: timestamps (date, time and date-time
 * provenance), which differ on every run and would make identical configurations look different,
 * and OLCUT's {@code host-short-name}, the name of the configurable interface a component plugs
 * into (the same for every trainer), which is bookkeeping, not a setting. Everything else is kept,
 * including {@code class-name}, {@code seed}, {@code tribuo-version} and
 * {@code train-invocation-count} (Tribuo derives a trainer's random state from it, so it matters
 * for reproducing a run).
 *
 * <p>Key pieces are sanitized with {@link Keys#piece}; keys longer than
 * {@link TrackingLimits#MAX_KEY_LENGTH} are cut, and values longer than
 * {@link TrackingLimits#MAX_PARAM_VALUE_LENGTH}. When two entries end up with one key the first
 * is kept.
 */
final class ProvenanceParams {

    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceParams.class);

    /** Field names that are not config (see the class comment). */
    private static final Set<String> SKIPPED_FIELDS = Set.of("host-short-name");

    private ProvenanceParams() {
    }

    /**
     * Flattens a trainer's provenance under {@code trainer.}.
     *
     * @param provenance the trainer's provenance
     * @return param key to value, in provenance order
     */
    static Map<String, String> trainer(TrainerProvenance provenance) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("trainer", provenance, out);
        return out;
    }

    /**
     * Describes a dataset under {@code dataset.<role>.}: {@code source} (the data source's
     * description, or its class name when it has none), {@code size} (examples),
     * {@code features} (distinct feature names) and {@code sha256} ({@link DatasetDigest}).
     *
     * @param role {@code train} or {@code eval}
     * @param dataset the dataset
     * @return param key to value
     */
    static Map<String, String> dataset(String role, Dataset<?> dataset) {
        String prefix = "dataset." + role + ".";
        Map<String, String> out = new LinkedHashMap<>();
        out.put(prefix + "source", Keys.truncate(source(dataset.getSourceProvenance()),
                TrackingLimits.MAX_PARAM_VALUE_LENGTH));
        out.put(prefix + "size", Integer.toString(dataset.size()));
        out.put(prefix + "features", Integer.toString(dataset.getFeatureMap().size()));
        out.put(prefix + "sha256", DatasetDigest.sha256(dataset));
        return out;
    }

    private static String source(DataProvenance source) {
        if (source == null) {
            return "unknown";
        }
        for (Pair<String, Provenance> field : source) {
            if (field.getA().equals("description") && field.getB() instanceof PrimitiveProvenance<?> p
                    && p.getValue() != null) {
                return String.valueOf(p.getValue());
            }
        }
        return source.getClassName();
    }

    private static void flatten(String key, Provenance value, Map<String, String> out) {
        if (value instanceof ObjectProvenance object) {
            for (Pair<String, Provenance> field : object) {
                if (!SKIPPED_FIELDS.contains(field.getA())) {
                    flatten(key + "." + Keys.piece(field.getA()), field.getB(), out);
                }
            }
        } else if (value instanceof ListProvenance<?> list) {
            int i = 0;
            for (Provenance element : list) {
                flatten(key + "." + i++, element, out);
            }
            if (i == 0) {
                put(key, "[]", out);
            }
        } else if (value instanceof MapProvenance<?> map) {
            boolean empty = true;
            for (Pair<String, ? extends Provenance> entry : map) {
                flatten(key + "." + Keys.piece(entry.getA()), entry.getB(), out);
                empty = false;
            }
            if (empty) {
                put(key, "{}", out);
            }
        } else if (value instanceof DateTimeProvenance || value instanceof DateProvenance
                || value instanceof TimeProvenance) {
            LOG.trace("skipping timestamp {} in trainer provenance", key);
        } else if (value instanceof PrimitiveProvenance<?> primitive) {
            put(key, String.valueOf(primitive.getValue()), out);
        } else if (value != null) {
            put(key, value.toString(), out);
        }
    }

    private static void put(String key, String value, Map<String, String> out) {
        String k = Keys.truncate(key, TrackingLimits.MAX_KEY_LENGTH);
        String previous = out.putIfAbsent(k, Keys.truncate(value, TrackingLimits.MAX_PARAM_VALUE_LENGTH));
        if (previous != null) {
            LOG.debug("provenance entry {} shares param key {} with an earlier entry; keeping the first", key, k);
        }
    }
}

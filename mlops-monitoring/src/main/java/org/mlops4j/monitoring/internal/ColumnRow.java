package org.mlops4j.monitoring.internal;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mlops4j.core.schema.Feature;

/**
 * A read-only row view (feature name to value) over a window's column arrays, moved from row to
 * row with {@link #at}, so that profiling buffered rows allocates no map per row. A null cell is a
 * missing value: absent from the view.
 *
 * <p>Internal: public only so that the packages of mlops-monitoring share it; not part of the API.
 */
public final class ColumnRow extends AbstractMap<String, Object> {

    private final Map<String, Integer> index = new HashMap<>();
    private final Object[][] columns;
    private int row;

    private ColumnRow(Feature[] features, Object[][] columns) {
        for (int i = 0; i < features.length; i++) {
            index.put(features[i].name(), i);
        }
        this.columns = columns;
    }

    /**
     * A view over columns, at row 0.
     *
     * @param features the features, in the order of the columns
     * @param columns one array of values per feature (held, not copied: the window owns them)
     * @return the view
     */
    public static ColumnRow over(Feature[] features, Object[][] columns) {
        return new ColumnRow(features, columns);
    }

    /**
     * Moves the view to a row.
     *
     * @param value the row
     * @return this view
     */
    public ColumnRow at(int value) {
        row = value;
        return this;
    }

    @Override
    public Object get(Object key) {
        Integer i = index.get(key);
        return i == null ? null : columns[i][row];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> copy = new HashMap<>();
        index.forEach((name, i) -> {
            if (columns[i][row] != null) {
                copy.put(name, columns[i][row]);
            }
        });
        return copy.entrySet();
    }
}

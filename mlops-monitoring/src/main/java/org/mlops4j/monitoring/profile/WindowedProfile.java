package org.mlops4j.monitoring.profile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.core.schema.Schema;

/**
 * Profiles a stream of rows in tumbling windows of a fixed number of rows: the current window
 * fills until it holds {@code rowsPerWindow} rows, then becomes the last complete window and a new
 * empty window starts. Memory stays at two profiles however long the stream.
 *
 * <p>Not thread-safe: confine it to one thread, or give each thread its own and merge the
 * windows' profiles.
 */
public final class WindowedProfile {

    private final Schema schema;
    private final ProfileConfig config;
    private final long rowsPerWindow;
    private ReferenceProfile.Builder current;
    private long currentRows;
    private ReferenceProfile lastComplete;
    private long completed;

    private WindowedProfile(Schema schema, ProfileConfig config, long rowsPerWindow) {
        this.schema = schema;
        this.config = config;
        this.rowsPerWindow = rowsPerWindow;
        this.current = ReferenceProfile.builder(schema, config);
    }

    /**
     * Creates a windowed profile with the default config.
     *
     * @param schema the features to profile
     * @param rowsPerWindow how many rows make a window, at least 1
     * @return an empty windowed profile
     * @throws IllegalArgumentException if {@code rowsPerWindow} is below 1
     */
    public static WindowedProfile tumbling(Schema schema, long rowsPerWindow) {
        return tumbling(schema, ProfileConfig.ofDefaults(), rowsPerWindow);
    }

    /**
     * Creates a windowed profile.
     *
     * @param schema the features to profile
     * @param config the sketch sizes
     * @param rowsPerWindow how many rows make a window, at least 1
     * @return an empty windowed profile
     * @throws IllegalArgumentException if {@code rowsPerWindow} is below 1
     */
    public static WindowedProfile tumbling(Schema schema, ProfileConfig config, long rowsPerWindow) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(config, "config");
        if (rowsPerWindow < 1) {
            throw new IllegalArgumentException("rowsPerWindow must be at least 1 but was " + rowsPerWindow);
        }
        return new WindowedProfile(schema, config, rowsPerWindow);
    }

    /**
     * Adds one row to the current window, completing it when it is full.
     *
     * @param row a map from feature name to value (see {@link ReferenceProfile.Builder#update})
     * @return true when this row completed a window
     */
    public boolean update(Map<String, ?> row) {
        current.update(row);
        if (++currentRows < rowsPerWindow) {
            return false;
        }
        lastComplete = current.build();
        completed++;
        current = ReferenceProfile.builder(schema, config);
        currentRows = 0;
        return true;
    }

    /**
     * Returns the profile of the most recently completed window.
     *
     * @return the profile, or empty before the first window completes
     */
    public Optional<ReferenceProfile> lastComplete() {
        return Optional.ofNullable(lastComplete);
    }

    /**
     * Returns a snapshot of the window being filled.
     *
     * @return the profile of the rows added since the last window completed
     */
    public ReferenceProfile current() {
        return current.build();
    }

    /**
     * Returns how many windows have completed.
     *
     * @return the count of complete windows
     */
    public long completedWindows() {
        return completed;
    }
}

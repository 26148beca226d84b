package org.mlops4j.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a run: an optional name, an optional parent (for nested runs such as a sweep's
 * children), initial tags, and whether to record the source (git commit, branch, dirty flag) and
 * environment (Java version, OS, host, library version) as tags. Immutable.
 *
 * <pre>{@code
 * RunConfig.ofDefaults().name("lr=0.1").parent(sweep.id()).tag("team", "risk")
 * }</pre>
 */
public final class RunConfig {

    private static final RunConfig DEFAULTS = new RunConfig(null, null, Map.of(), true);

    private final String name;
    private final String parentRunId;
    private final Map<String, String> tags;
    private final boolean recordSource;

    private RunConfig(String name, String parentRunId, Map<String, String> tags, boolean recordSource) {
        this.name = name;
        this.parentRunId = parentRunId;
        this.tags = tags;
        this.recordSource = recordSource;
    }

    /** @return options with a generated name, no parent, no tags, and source recording on */
    public static RunConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * @param value the run's name
     * @return new options
     * @throws IllegalArgumentException if the name is blank or longer than 250 characters
     */
    public RunConfig name(String value) {
        return new RunConfig(TrackingLimits.checkRunName(value), parentRunId, tags, recordSource);
    }

    /**
     * @param runId the parent run's id
     * @return new options
     */
    public RunConfig parent(String runId) {
        return new RunConfig(name, Objects.requireNonNull(runId, "parent runId"), tags, recordSource);
    }

    /**
     * @param key tag key
     * @param value tag value
     * @return new options
     * @throws IllegalArgumentException if the tag breaks {@link TrackingLimits}
     */
    public RunConfig tag(String key, String value) {
        new Tag(key, value);
        Map<String, String> t = new LinkedHashMap<>(tags);
        t.put(key, value);
        return new RunConfig(name, parentRunId, Map.copyOf(t), recordSource);
    }

    /**
     * @param value whether to record git and environment tags
     * @return new options
     */
    public RunConfig recordSource(boolean value) {
        return new RunConfig(name, parentRunId, tags, value);
    }

    /** @return the run's name, if set */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** @return the parent run's id, if set */
    public Optional<String> parentRunId() {
        return Optional.ofNullable(parentRunId);
    }

    /** @return the initial tags */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return whether git and environment tags are recorded */
    public boolean recordSource() {
        return recordSource;
    }
}

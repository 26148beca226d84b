package org.mlops4j.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.Clock;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.tracking.internal.LifecycleChecks;

/**
 * A complete {@link Tracker} held in memory, with artifacts in a local directory: for tests and
 * for short-lived jobs that do not need their runs afterwards. Nothing survives the process; use
 * {@code Mlops.local(dir)} for a persistent store. Thread-safe.
 */
public final class InMemoryTracker extends AbstractTracker {

    private final Map<String, Experiment> experimentsByName = new ConcurrentHashMap<>();
    private final Map<String, Experiment> experimentsById = new ConcurrentHashMap<>();
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    /** Orders experiment deletes and restores against run creation in the experiment. */
    private final Object lifecycleLock = new Object();

    /** One run's mutable state; every access holds its monitor. */
    private static final class RunState {
        final String id;
        final String experimentId;
        final String name;
        final Instant start;
        final String parent;
        RunStatus status = RunStatus.RUNNING;
        LifecycleStage stage = LifecycleStage.ACTIVE;
        Instant end;
        /** The start or the latest write of metrics, params or tags. */
        Instant lastWrite;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final Map<String, List<Metric>> history = new HashMap<>();
        final Map<String, Metric> latest = new HashMap<>();

        RunState(String id, String experimentId, String name, Instant start, String parent) {
            this.id = id;
            this.experimentId = experimentId;
            this.name = name;
            this.start = start;
            this.parent = parent;
            this.lastWrite = start;
        }

        /** A deleted run is never stale: it takes no writes, so it cannot be ended either. */
        synchronized boolean isStale(Instant cutoff) {
            return status == RunStatus.RUNNING && stage == LifecycleStage.ACTIVE && lastWrite.isBefore(cutoff);
        }

        synchronized RunInfo snapshot() {
            return new RunInfo(id, experimentId, name, status, start, Optional.ofNullable(end),
                    Optional.ofNullable(parent), params, latest, tags, stage);
        }
    }

    /**
     * Creates a tracker on the system clock, with artifacts in a new temporary directory.
     *
     * @throws StoreException if the directory cannot be created
     */
    public InMemoryTracker() {
        this(Clock.system(), tempDir());
    }

    /**
     * Creates a tracker.
     *
     * @param clock the clock
     * @param artifactRoot where run artifacts are copied
     */
    public InMemoryTracker(Clock clock, Path artifactRoot) {
        super(clock, new LocalArtifactStore(artifactRoot));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mlops4j-artifacts-");
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary artifact directory", e);
        }
    }

    @Override
    public Experiment getOrCreateExperiment(String name) {
        TrackingLimits.checkExperimentName(name);
        Experiment experiment = experimentsByName.computeIfAbsent(name, n -> {
            Experiment e = new Experiment(newId(), n, clock().now());
            experimentsById.put(e.id(), e);
            return e;
        });
        if (experiment.isDeleted()) {
            throw deletedExperiment(experiment);
        }
        return experiment;
    }

    private static IllegalStateException deletedExperiment(Experiment e) {
        return new IllegalStateException("experiment '" + e.name() + "' (id " + e.id() + ") is deleted; restore it"
                + " (restoreExperiment) or choose another name");
    }

    @Override
    public Optional<Experiment> experiment(String name) {
        return Optional.ofNullable(experimentsByName.get(TrackingLimits.checkExperimentName(name)));
    }

    @Override
    public List<Experiment> experiments(ViewType view) {
        Objects.requireNonNull(view, "view");
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : experimentsByName.values()) {
            if (view.includes(e.lifecycleStage())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Experiment::name));
        return out;
    }

    @Override
    protected void changeRun(String runId, LifecycleStage target, Map<String, String> audit) {
        RunState s = state(runId);
        synchronized (s) {
            LifecycleChecks.requireTransition("run", runId, s.stage, target);
            s.tags.putAll(audit);
            s.stage = target;
        }
    }

    /** Changes the experiment's stage and, as MLflow does, the stage of every run in it. */
    @Override
    protected void changeExperiment(String experimentId, LifecycleStage target, Map<String, String> audit) {
        Objects.requireNonNull(experimentId, "experimentId");
        synchronized (lifecycleLock) {
            Experiment e = experimentsById.get(experimentId);
            if (e == null) {
                throw new IllegalArgumentException("no experiment with id '" + experimentId + "'");
            }
            LifecycleChecks.requireTransition("experiment", experimentId, e.lifecycleStage(), target);
            Map<String, String> tags = new LinkedHashMap<>(e.tags());
            tags.putAll(audit);
            Experiment changed = new Experiment(e.id(), e.name(), e.createdAt(), target, tags);
            experimentsById.put(experimentId, changed);
            experimentsByName.put(e.name(), changed);
            for (RunState s : runs.values()) {
                if (s.experimentId.equals(experimentId)) {
                    synchronized (s) {
                        s.stage = target;
                    }
                }
            }
        }
    }

    @Override
    public RunInfo createRun(String experimentId, RunConfig options) {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(options, "options");
        options.parentRunId().ifPresent(this::state);
        String id = newId();
        RunState state = new RunState(id, experimentId, options.name().orElse("run-" + id.substring(0, 8)),
                clock().now(), options.parentRunId().orElse(null));
        state.tags.putAll(options.tags());
        synchronized (lifecycleLock) {
            Experiment e = experimentsById.get(experimentId);
            if (e == null) {
                throw new IllegalArgumentException("no experiment with id '" + experimentId + "'");
            }
            if (e.isDeleted()) {
                throw deletedExperiment(e);
            }
            runs.put(id, state);
        }
        return state.snapshot();
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(tags, "tags");
        TrackingLimits.checkTimestamps(metrics);
        RunState s = state(runId);
        synchronized (s) {
            LifecycleChecks.requireActiveRun(runId, s.stage);
            if (s.status != RunStatus.RUNNING) {
                throw notRunning(runId, s.status);
            }
            Map<String, String> incoming = new HashMap<>();
            for (Param p : params) {
                String existing = s.params.containsKey(p.key()) ? s.params.get(p.key()) : incoming.get(p.key());
                if (existing != null && !existing.equals(p.value())) {
                    throw new ParamConflictException(runId, p.key(), existing, p.value());
                }
                incoming.put(p.key(), p.value());
            }
            s.params.putAll(incoming);
            for (Tag t : tags) {
                s.tags.put(t.key(), t.value());
            }
            for (Metric m : metrics) {
                Metric stored = new Metric(m.key(), m.value(), m.step(), Instant.ofEpochMilli(m.timestamp().toEpochMilli()));
                s.history.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(stored);
                Metric current = s.latest.get(m.key());
                if (current == null || stored.supersedes(current)) {
                    s.latest.put(m.key(), stored);
                }
            }
            if (!metrics.isEmpty() || !params.isEmpty() || !tags.isEmpty()) {
                s.lastWrite = clock().now();
            }
        }
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a run can only end with a terminal status, not " + status);
        }
        RunState s = state(runId);
        synchronized (s) {
            LifecycleChecks.requireActiveRun(runId, s.stage);
            if (s.status != RunStatus.RUNNING) {
                throw new IllegalStateException("run " + runId + " has already ended as " + s.status);
            }
            s.status = status;
            s.end = clock().now();
        }
    }

    @Override
    public List<RunInfo> staleRuns(Duration olderThan) {
        Instant cutoff = staleCutoff(olderThan);
        List<RunInfo> out = new ArrayList<>();
        for (RunState s : runs.values()) {
            synchronized (s) {
                if (s.isStale(cutoff)) {
                    out.add(s.snapshot());
                }
            }
        }
        out.sort(Comparator.comparing(RunInfo::startTime).thenComparing(RunInfo::runId));
        return out;
    }

    @Override
    public int endStaleRuns(Duration olderThan, RunStatus status) {
        requireTerminal(status);
        Instant cutoff = staleCutoff(olderThan);
        int ended = 0;
        for (RunState s : runs.values()) {
            synchronized (s) {
                if (s.isStale(cutoff)) {
                    s.status = status;
                    s.end = clock().now();
                    ended++;
                }
            }
        }
        return ended;
    }

    @Override
    public Optional<RunInfo> run(String runId) {
        RunState s = runs.get(Objects.requireNonNull(runId, "runId"));
        return s == null ? Optional.empty() : Optional.of(s.snapshot());
    }

    @Override
    public RunPage searchRuns(RunQuery query) {
        Objects.requireNonNull(query, "query");
        List<RunInfo> matching = new ArrayList<>();
        for (RunState s : runs.values()) {
            if (query.experimentIds().contains(s.experimentId)) {
                RunInfo info = s.snapshot();
                if (query.viewType().includes(info.lifecycleStage()) && query.filter().matches(info)) {
                    matching.add(info);
                }
            }
        }
        matching.sort(query.order().comparator());
        return RunPage.slice(matching, query);
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) {
        TrackingLimits.checkKey(key, "metric");
        RunState s = state(runId);
        List<Metric> out;
        synchronized (s) {
            out = new ArrayList<>(s.history.getOrDefault(key, List.of()));
        }
        out.sort(Comparator.comparingLong(Metric::step).thenComparing(Metric::timestamp));
        return out;
    }

    @Override
    protected RunStatus status(String runId) {
        RunState s = state(runId);
        synchronized (s) {
            return s.status;
        }
    }

    @Override
    protected LifecycleStage lifecycleStage(String runId) {
        RunState s = state(runId);
        synchronized (s) {
            return s.stage;
        }
    }

    private RunState state(String runId) {
        RunState s = runs.get(Objects.requireNonNull(runId, "runId"));
        if (s == null) {
            throw new RunNotFoundException(runId);
        }
        return s;
    }

    @Override
    public String toString() {
        return "InMemoryTracker[" + experimentsByName.size() + " experiments, " + runs.size() + " runs]";
    }
}

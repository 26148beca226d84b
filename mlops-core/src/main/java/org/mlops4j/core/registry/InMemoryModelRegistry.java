package org.mlops4j.core.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ModelNotFoundException;

/**
 * A complete {@link ModelRegistry} held in memory: for tests, for single-process services that
 * register models at start-up, and as the reference behaviour the persistent stores match.
 *
 * <p>Artifacts are referenced in place, not copied: the registry records the file's absolute path
 * and SHA-256, and {@link #load} refuses the file if its bytes change afterwards. Nothing survives
 * the process; use the SQLite store of {@code mlops-tracking} for that.
 *
 * <p>A deleted version stays as a tombstone in its model's list, so its number is never given
 * again; a deleted model is dropped, while its alias and lifecycle histories, kept by name, stay.
 *
 * <p>Thread-safe: writes are serialised by one lock, reads share it, so version numbers are
 * gapless and unique however many threads register at once.
 */
public final class InMemoryModelRegistry implements ModelRegistry {

    /** A model's versions by number, from 1; a deleted version stays as a null tombstone. */
    private static final class Model {
        final List<ModelVersion> versions = new ArrayList<>();
        final Map<String, Integer> aliases = new HashMap<>();

        /** The live version with this number, or null when it never existed or was deleted. */
        ModelVersion version(int number) {
            return number > versions.size() ? null : versions.get(number - 1);
        }
    }

    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Model> models = new TreeMap<>();
    // Histories outlive a deleted model, so they are kept by name rather than in the Model.
    private final Map<String, List<AliasChange>> aliasHistories = new HashMap<>();
    private final Map<String, List<LifecycleChange>> lifecycleHistories = new HashMap<>();

    /** Creates an empty registry on the system clock. */
    public InMemoryModelRegistry() {
        this(Clock.system());
    }

    /**
     * Creates an empty registry.
     *
     * @param clock the source of registration and alias-change times
     */
    public InMemoryModelRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ModelVersion register(ModelRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        // Verify outside the lock: hashing a large file must not stall readers.
        registration.artifact().ifPresent(ModelArtifact::verify);
        lock.writeLock().lock();
        try {
            Model model = models.computeIfAbsent(registration.name(), n -> new Model());
            ModelVersion.Builder b = ModelVersion.builder(registration.name(), model.versions.size() + 1)
                    .createdAt(clock.now())
                    .tags(registration.tags())
                    .status(registration.artifact().isPresent() ? ModelStatus.READY : ModelStatus.PENDING);
            registration.sourceRunId().ifPresent(b::sourceRunId);
            registration.description().ifPresent(b::description);
            registration.signature().ifPresent(b::signature);
            registration.artifact().ifPresent(a -> b.artifact(a.file().toAbsolutePath().toString(), a.sha256()));
            ModelVersion v = b.build();
            model.versions.add(v);
            return v;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<ModelVersion> get(String name, int version) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        lock.readLock().lock();
        try {
            Model model = models.get(name);
            ModelVersion v = model == null ? null : model.version(version);
            return v == null ? Optional.empty() : Optional.of(withAliases(model, v));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<ModelVersion> getByAlias(String name, String alias) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        lock.readLock().lock();
        try {
            Model model = models.get(name);
            Integer version = model == null ? null : model.aliases.get(alias);
            return version == null ? Optional.empty() : Optional.of(withAliases(model, model.version(version)));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ModelVersion> versions(String name) {
        RegistryNames.checkModelName(name);
        lock.readLock().lock();
        try {
            Model model = models.get(name);
            if (model == null) {
                return List.of();
            }
            List<ModelVersion> out = new ArrayList<>(model.versions.size());
            for (ModelVersion v : model.versions) {
                if (v != null) {
                    out.add(withAliases(model, v));
                }
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> modelNames() {
        lock.readLock().lock();
        try {
            return List.copyOf(models.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ModelVersion> search(ModelFilter filter) {
        Objects.requireNonNull(filter, "filter");
        lock.readLock().lock();
        try {
            List<ModelVersion> out = new ArrayList<>();
            for (Model model : models.values()) {
                for (ModelVersion v : model.versions) {
                    ModelVersion full = v == null ? null : withAliases(model, v);
                    if (full != null && filter.matches(full)) {
                        out.add(full);
                    }
                }
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ModelVersion setStatus(String name, int version, ModelStatus status) {
        Objects.requireNonNull(status, "status");
        return update(name, version, (model, v) -> {
            RegistryLifecycle.checkSetStatus(withAliases(model, v), status);
            return v.toBuilder().status(status).build();
        });
    }

    @Override
    public ModelVersion archive(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        return update(name, version, (model, v) -> {
            RegistryLifecycle.checkArchive(withAliases(model, v));
            record(name, LifecycleChange.Action.ARCHIVED, OptionalInt.of(version), by);
            return v.toBuilder().status(ModelStatus.ARCHIVED).build();
        });
    }

    @Override
    public ModelVersion restore(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        return update(name, version, (model, v) -> {
            RegistryLifecycle.checkRestore(v);
            record(name, LifecycleChange.Action.RESTORED, OptionalInt.of(version), by);
            return v.toBuilder().status(ModelStatus.READY).build();
        });
    }

    @Override
    public LifecycleChange deleteVersion(String name, int version, Attribution by) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        Objects.requireNonNull(by, "by");
        lock.writeLock().lock();
        try {
            Model model = requireModel(name, version);
            RegistryLifecycle.checkDeleteVersion(withAliases(model, model.version(version)));
            model.versions.set(version - 1, null);
            return record(name, LifecycleChange.Action.VERSION_DELETED, OptionalInt.of(version), by);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public LifecycleChange deleteModel(String name, Attribution by) {
        RegistryNames.checkModelName(name);
        Objects.requireNonNull(by, "by");
        lock.writeLock().lock();
        try {
            Model model = models.get(name);
            if (model == null) {
                throw RegistryLifecycle.modelNotFound(name);
            }
            RegistryLifecycle.checkDeleteModel(name, model.aliases);
            models.remove(name);
            return record(name, LifecycleChange.Action.MODEL_DELETED, OptionalInt.empty(), by);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<LifecycleChange> lifecycleHistory(String name) {
        RegistryNames.checkModelName(name);
        lock.readLock().lock();
        try {
            return List.copyOf(lifecycleHistories.getOrDefault(name, List.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Appends to a model's lifecycle history; under the write lock. */
    private LifecycleChange record(String name, LifecycleChange.Action action, OptionalInt version, Attribution by) {
        LifecycleChange change = new LifecycleChange(name, action, version, by, clock.now());
        lifecycleHistories.computeIfAbsent(name, n -> new ArrayList<>()).add(change);
        return change;
    }

    @Override
    public ModelVersion setTag(String name, int version, String key, String value) {
        RegistryNames.checkTag(key, value);
        return update(name, version, (model, v) -> {
            Map<String, String> tags = new HashMap<>(v.tags());
            tags.put(key, value);
            return v.toBuilder().tags(tags).build();
        });
    }

    @Override
    public ModelVersion removeTag(String name, int version, String key) {
        Objects.requireNonNull(key, "key");
        return update(name, version, (model, v) -> {
            Map<String, String> tags = new HashMap<>(v.tags());
            tags.remove(key);
            return v.toBuilder().tags(tags).build();
        });
    }

    @Override
    public AliasChange setAlias(String name, String alias, int version, Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        lock.writeLock().lock();
        try {
            Model model = requireReady(name, version);
            return moveAlias(model, name, alias, version, by);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean compareAndSetAlias(String name, String alias, OptionalInt expectedCurrentVersion, int newVersion,
                                      Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(expectedCurrentVersion, "expectedCurrentVersion");
        Objects.requireNonNull(by, "by");
        lock.writeLock().lock();
        try {
            Model model = requireReady(name, newVersion);
            Integer current = model.aliases.get(alias);
            boolean matches = expectedCurrentVersion.isPresent()
                    ? current != null && current == expectedCurrentVersion.getAsInt()
                    : current == null;
            if (!matches) {
                return false;
            }
            moveAlias(model, name, alias, newVersion, by);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public AliasChange deleteAlias(String name, String alias, Attribution by) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        lock.writeLock().lock();
        try {
            Model model = models.get(name);
            Integer current = model == null ? null : model.aliases.remove(alias);
            if (current == null) {
                throw new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "'");
            }
            AliasChange change = new AliasChange(name, alias, OptionalInt.of(current), OptionalInt.empty(), by,
                    clock.now());
            aliasHistories.computeIfAbsent(name, n -> new ArrayList<>()).add(change);
            return change;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<AliasChange> aliasHistory(String name) {
        RegistryNames.checkModelName(name);
        lock.readLock().lock();
        try {
            return List.copyOf(aliasHistories.getOrDefault(name, List.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <M> M load(ModelVersion version, ModelLoader<M> loader) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loader, "loader");
        ModelVersion current = get(version.name(), version.version())
                .orElseThrow(() -> new ModelNotFoundException("no version " + version.version() + " of model '"
                        + version.name() + "'"));
        String location = current.requireLoadableArtifact();
        return new ModelArtifact(Path.of(location), current.artifactSha256().orElseThrow()).load(loader);
    }

    /** Updates one stored version under the write lock. */
    private ModelVersion update(String name, int version, VersionUpdate change) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        lock.writeLock().lock();
        try {
            Model model = requireModel(name, version);
            ModelVersion updated = change.apply(model, model.version(version));
            model.versions.set(version - 1, updated);
            return withAliases(model, updated);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @FunctionalInterface
    private interface VersionUpdate {
        ModelVersion apply(Model model, ModelVersion current);
    }

    private AliasChange moveAlias(Model model, String name, String alias, int version, Attribution by) {
        Integer previous = model.aliases.put(alias, version);
        AliasChange change = new AliasChange(name, alias,
                previous == null ? OptionalInt.empty() : OptionalInt.of(previous), OptionalInt.of(version), by,
                clock.now());
        aliasHistories.computeIfAbsent(name, n -> new ArrayList<>()).add(change);
        return change;
    }

    private Model requireModel(String name, int version) {
        Model model = models.get(RegistryNames.checkModelName(name));
        if (model == null || model.version(RegistryNames.checkVersion(version)) == null) {
            throw RegistryLifecycle.versionNotFound(name, version);
        }
        return model;
    }

    private Model requireReady(String name, int version) {
        Model model = requireModel(name, version);
        ModelVersion v = model.version(version);
        if (v.status() != ModelStatus.READY) {
            throw new IllegalStateException("cannot point an alias at " + v.ref() + ": its status is " + v.status()
                    + ", and only READY versions can be served");
        }
        return model;
    }

    private static Set<String> aliasesOf(Model model, int version) {
        Set<String> out = new HashSet<>();
        model.aliases.forEach((a, v) -> {
            if (v == version) {
                out.add(a);
            }
        });
        return out;
    }

    private static ModelVersion withAliases(Model model, ModelVersion v) {
        Set<String> aliases = aliasesOf(model, v.version());
        return aliases.isEmpty() ? v : v.toBuilder().aliases(aliases).build();
    }

    @Override
    public String toString() {
        return "InMemoryModelRegistry" + modelNames();
    }
}

package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.mlops4j.core.Clock;
import org.mlops4j.core.ModelNotFoundException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.AliasAtomicity;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.LifecycleChange;
import org.mlops4j.core.registry.ModelFilter;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.core.registry.ModelStatus;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.registry.RegistryLifecycle;
import org.mlops4j.core.registry.RegistryNames;

/**
 * A {@link ModelRegistry} on MLflow's model registry, through its REST API 2.0, with model files
 * uploaded through the server's artifact proxy. Versions, tags and aliases are MLflow's own, so
 * they show up in the MLflow UI and resolve from MLflow's clients.
 *
 * <p>What MLflow lacks, and how it is supplied:
 * <ul>
 *   <li>Artifacts are uploaded by content into the model directory
 *       {@code mlflow-artifacts:/mlops4j/models/<sha256>/<file name>/}, with an {@code MLmodel}
 *       file next to them, and the directory becomes the version's {@code source}, as MLflow's
 *       clients expect; the SHA-256 is the version tag {@code mlops.artifact.sha256} and is checked
 *       again on every {@link #load}. A registration without an artifact gets the placeholder
 *       source {@value #PENDING_SOURCE} (MLflow requires an absolute one).</li>
 *   <li>Our {@link ModelStatus} is the version tag {@code mlops.status}: MLflow's own status
 *       cannot be written through its REST API (MLflow 2.12 makes every version {@code READY}).
 *       Both tags are reserved: {@link #setTag} refuses them.</li>
 *   <li>MLflow answers a missing alias with HTTP 400 {@code INVALID_PARAMETER_VALUE}, not 404;
 *       that answer reads as "no such alias". Its version search leaves aliases out, so
 *       {@link #versions} and {@link #search} read them from each model, one request per model.</li>
 *   <li>The alias and lifecycle audit histories are kept as registered-model tags
 *       ({@code mlops.alias_history.*}, {@code mlops.lifecycle_history.*}), written right after the
 *       change; if that write fails the change is made and a {@link StoreException} says it went
 *       unrecorded. A deleted model's histories move to the reserved registered model
 *       {@value HistoryTags#HOLDER} first, since MLflow deletes a model's tags with it.</li>
 *   <li>A version's signature is JSON in the version tags {@code mlops.signature.000},
 *       {@code .001}, ..., each at most MLflow's 5,000 characters (a signature larger than 100 of
 *       them is refused at registration, naming its length). Archiving sets MLflow's own stage
 *       {@code Archived}; deletions are MLflow's own, so version numbers are never reused.</li>
 *   <li><b>{@link #compareAndSetAlias} is atomic only among callers sharing this instance</b>
 *       ({@link #aliasAtomicity()} says {@code THIS_INSTANCE}).
 *       MLflow has no conditional update, so it is a check then a set under a lock held by this
 *       object, per model; {@link #setAlias}, {@link #deleteAlias} and {@link #setStatus} take the
 *       same lock. Two processes, or two instances, racing on one alias can both succeed. Use one
 *       shared instance per process, and a single promoting process (or the JDBC registry) when
 *       cross-process compare-and-set matters.</li>
 *   <li>Version numbers are MLflow's, gapless per model. Creating a version is not retried after
 *       an error that may come after the server acted (500, 502, 504, I/O), since a retry could
 *       register a second version.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class MlflowModelRegistry implements ModelRegistry {

    /** The source recorded for a version registered without an artifact (MLflow requires one). */
    public static final String PENDING_SOURCE = "mlflow-artifacts:/mlops4j/pending";

    private static final int PAGE = 1000;

    private final MlflowClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private final AliasHistory history;
    private final LifecycleHistory lifecycle;
    private final HistoryTags historyTags;
    private final ModelFiles files;
    private final Map<String, Object> modelLocks = new ConcurrentHashMap<>();

    /**
     * Creates a registry.
     *
     * @param config the server, auth, timeouts, retries, and the clock of alias-change times
     */
    public MlflowModelRegistry(MlflowConfig config) {
        this(new MlflowClient(Objects.requireNonNull(config, "config")));
    }

    MlflowModelRegistry(MlflowClient client) {
        this.client = client;
        this.json = client.json();
        this.clock = client.config().clock();
        this.historyTags = new HistoryTags(client);
        this.history = new AliasHistory(client, historyTags);
        this.lifecycle = new LifecycleHistory(client, historyTags);
        this.files = new ModelFiles(client);
    }

    /** The client of this server, for {@link MlflowExport} to read what the interface does not carry. */
    MlflowClient client() {
        return client;
    }

    @Override
    public ModelVersion register(ModelRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        registration.tags().keySet().forEach(MlflowModelRegistry::requireNotReserved);
        if (registration.name().equals(HistoryTags.HOLDER)) {
            throw new IllegalArgumentException("model name '" + HistoryTags.HOLDER + "' is reserved by the MLflow"
                    + " registry for the histories of deleted models");
        }
        Map<String, String> signatureTags = registration.signature()
                .map(sig -> ModelVersionCodec.signatureTags(sig, "a new version of model '" + registration.name() + "'"))
                .orElse(Map.of());
        String source = registration.artifact().map(files::upload).orElse(PENDING_SOURCE);
        String name = registration.name();
        try {
            client.post("registered-models/create", json.createObjectNode().put("name", name), true);
        } catch (MlflowRequestException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(registration.tags());
        tags.put(ModelVersionCodec.STATUS_TAG,
                (registration.artifact().isPresent() ? ModelStatus.READY : ModelStatus.PENDING).name());
        registration.artifact().ifPresent(a -> tags.put(ModelVersionCodec.SHA256_TAG, a.sha256()));
        tags.putAll(signatureTags);
        ObjectNode body = json.createObjectNode().put("name", name).put("source", source);
        registration.sourceRunId().ifPresent(r -> body.put("run_id", r));
        registration.description().ifPresent(d -> body.put("description", d));
        body.set("tags", RunCodec.keyValues(json, tags));
        return ModelVersionCodec.read(client.post("model-versions/create", body, false).path("model_version"));
    }

    @Override
    public Optional<ModelVersion> get(String name, int version) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        return lookup("model-versions/get", Map.of("name", name, "version", Integer.toString(version)));
    }

    @Override
    public Optional<ModelVersion> getByAlias(String name, String alias) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        return lookupAlias(name, alias);
    }

    private Optional<ModelVersion> lookup(String endpoint, Map<String, String> query) {
        try {
            return Optional.of(ModelVersionCodec.read(client.get(endpoint, query).path("model_version")));
        } catch (MlflowRequestException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<ModelVersion> lookupAlias(String name, String alias) {
        try {
            return Optional.of(ModelVersionCodec.read(client.get("registered-models/alias",
                    Map.of("name", name, "alias", alias)).path("model_version")));
        } catch (MlflowRequestException | IllegalArgumentException e) {
            // MLflow 2.x answers a missing alias with 400 INVALID_PARAMETER_VALUE, not 404.
            if (MlflowErrors.isMissingAlias(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ModelVersion> versions(String name) {
        RegistryNames.checkModelName(name);
        // A name holding both quote kinds cannot be written in MLflow's filter syntax: list all.
        String filter = SearchSyntax.quoted(name).map(q -> "name = " + q).orElse("");
        List<ModelVersion> out = new ArrayList<>();
        for (ModelVersion v : searchVersions(filter)) {
            if (v.name().equals(name)) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparingInt(ModelVersion::version));
        return out;
    }

    @Override
    public List<String> modelNames() {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", Integer.toString(PAGE));
            if (token != null) {
                query.put("page_token", token);
            }
            JsonNode page = client.get("registered-models/search", query);
            page.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
            token = nextToken(page);
        } while (token != null);
        out.remove(HistoryTags.HOLDER);
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Override
    public List<ModelVersion> search(ModelFilter filter) {
        Objects.requireNonNull(filter, "filter");
        List<String> clauses = new ArrayList<>();
        filter.nameLike().flatMap(SearchSyntax::quoted).ifPresent(p -> clauses.add("name LIKE " + p));
        filter.tags().forEach((k, v) -> SearchSyntax.quoted(v)
                .ifPresent(q -> clauses.add("tags." + SearchSyntax.key(k) + " = " + q)));
        // The server narrows; the filter's own semantics decide (LIKE's case rules differ by database).
        List<ModelVersion> out = new ArrayList<>();
        for (ModelVersion v : searchVersions(String.join(" AND ", clauses))) {
            if (filter.matches(v)) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparing(ModelVersion::name).thenComparingInt(ModelVersion::version));
        return out;
    }

    private List<ModelVersion> searchVersions(String filter) {
        List<JsonNode> nodes = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            if (!filter.isEmpty()) {
                query.put("filter", filter);
            }
            query.put("max_results", Integer.toString(PAGE));
            if (token != null) {
                query.put("page_token", token);
            }
            JsonNode page = client.get("model-versions/search", query);
            page.path("model_versions").forEach(nodes::add);
            token = nextToken(page);
        } while (token != null);
        // MLflow's search leaves versions' aliases out: read them from each model, once per model.
        Map<String, Map<String, List<String>>> aliasesByModel = new HashMap<>();
        List<ModelVersion> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            String model = node.path("name").asText();
            Map<String, List<String>> aliases = aliasesByModel.computeIfAbsent(model, this::aliasesByVersion);
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            ArrayNode array = copy.putArray("aliases");
            aliases.getOrDefault(node.path("version").asText(), List.of()).forEach(array::add);
            out.add(ModelVersionCodec.read(copy));
        }
        return out;
    }

    /** A model's aliases by version number (as MLflow writes it); empty if the model is gone. */
    private Map<String, List<String>> aliasesByVersion(String model) {
        Map<String, List<String>> out = new HashMap<>();
        AliasHistory.registeredModel(client, model).ifPresent(registered -> registered.path("aliases").forEach(a -> out.computeIfAbsent(a.path("version").asText(), v -> new ArrayList<>())
                .add(a.path("alias").asText())));
        return out;
    }

    @Override
    public ModelVersion setStatus(String name, int version, ModelStatus status) {
        Objects.requireNonNull(status, "status");
        synchronized (lock(name)) {
            RegistryLifecycle.checkSetStatus(requireVersion(name, version), status);
            writeTag(name, version, ModelVersionCodec.STATUS_TAG, status.name());
        }
        return requireVersion(name, version);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On MLflow: the version's stage becomes {@code Archived} (MLflow's own) and its
     * {@code mlops.status} tag ARCHIVED; the change is recorded in the registered-model tags
     * {@code mlops.lifecycle_history.*}.
     */
    @Override
    public ModelVersion archive(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            RegistryLifecycle.checkArchive(requireVersion(name, version));
            changeStage(name, version, ModelVersionCodec.ARCHIVED_STAGE, ModelStatus.ARCHIVED,
                    LifecycleChange.Action.ARCHIVED, by);
        }
        return requireVersion(name, version);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On MLflow: the version's stage goes back to {@code None} and its {@code mlops.status} tag
     * to READY.
     */
    @Override
    public ModelVersion restore(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            RegistryLifecycle.checkRestore(requireVersion(name, version));
            changeStage(name, version, "None", ModelStatus.READY, LifecycleChange.Action.RESTORED, by);
        }
        return requireVersion(name, version);
    }

    private void changeStage(String name, int version, String stage, ModelStatus status, LifecycleChange.Action action,
                             Attribution by) {
        LifecycleChange change = new LifecycleChange(name, action, OptionalInt.of(version), by, now());
        String entry = lifecycle.encode(change);
        client.post("model-versions/transition-stage", json.createObjectNode().put("name", name)
                .put("version", Integer.toString(version)).put("stage", stage)
                .put("archive_existing_versions", false), true);
        writeTag(name, version, ModelVersionCodec.STATUS_TAG, status.name());
        recordLifecycle(name, entry, change);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On MLflow: MLflow's own delete-model-version, which keeps the number taken.
     */
    @Override
    public LifecycleChange deleteVersion(String name, int version, Attribution by) {
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            RegistryLifecycle.checkDeleteVersion(requireVersion(name, version));
            LifecycleChange change = new LifecycleChange(name, LifecycleChange.Action.VERSION_DELETED,
                    OptionalInt.of(version), by, now());
            String entry = lifecycle.encode(change);
            try {
                client.delete("model-versions/delete", json.createObjectNode().put("name", name)
                        .put("version", Integer.toString(version)));
            } catch (MlflowRequestException e) {
                throw e.isNotFound() ? versionNotFound(name, version, e) : e;
            }
            recordLifecycle(name, entry, change);
            return change;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On MLflow: MLflow's own delete-registered-model, which deletes the model's tags with it;
     * the model's alias and lifecycle histories are first copied to the reserved registered model
     * {@value HistoryTags#HOLDER}, which {@link #modelNames} leaves out, and the deletion is recorded there.
     */
    @Override
    public LifecycleChange deleteModel(String name, Attribution by) {
        RegistryNames.checkModelName(name);
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            JsonNode registered = name.equals(HistoryTags.HOLDER) ? null
                    : AliasHistory.registeredModel(client, name).orElse(null);
            if (registered == null) {
                throw RegistryLifecycle.modelNotFound(name);
            }
            Map<String, Integer> aliases = new LinkedHashMap<>();
            registered.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asInt()));
            RegistryLifecycle.checkDeleteModel(name, aliases);
            LifecycleChange change = new LifecycleChange(name, LifecycleChange.Action.MODEL_DELETED, OptionalInt.empty(),
                    by, now());
            String entry = lifecycle.encode(change);
            historyTags.keepBeforeDeletion(name, List.of(AliasHistory.PREFIX, LifecycleHistory.PREFIX));
            client.delete("registered-models/delete", json.createObjectNode().put("name", name));
            try {
                lifecycle.appendDeleted(name, entry);
            } catch (RuntimeException e) {
                throw new StoreException("model '" + name + "' was deleted but the deletion could not be recorded in"
                        + " its history", e);
            }
            return change;
        }
    }

    @Override
    public List<LifecycleChange> lifecycleHistory(String name) {
        RegistryNames.checkModelName(name);
        return lifecycle.read(name);
    }

    private void recordLifecycle(String name, String entry, LifecycleChange change) {
        try {
            lifecycle.append(name, entry);
        } catch (RuntimeException e) {
            throw new StoreException(change.action() + " of " + name + "/" + change.version().orElse(0)
                    + " was made but could not be recorded in its lifecycle history", e);
        }
    }

    @Override
    public ModelVersion setTag(String name, int version, String key, String value) {
        RegistryNames.checkTag(key, value);
        requireNotReserved(key);
        writeTag(name, version, key, value);
        return requireVersion(name, version);
    }

    private void writeTag(String name, int version, String key, String value) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        try {
            client.post("model-versions/set-tag", json.createObjectNode().put("name", name)
                    .put("version", Integer.toString(version)).put("key", key).put("value", value), true);
        } catch (MlflowRequestException e) {
            throw e.isNotFound() ? versionNotFound(name, version, e) : e;
        }
    }

    @Override
    public ModelVersion removeTag(String name, int version, String key) {
        Objects.requireNonNull(key, "key");
        requireNotReserved(key);
        RegistryNames.checkModelName(name);
        RegistryNames.checkVersion(version);
        try {
            client.delete("model-versions/delete-tag", json.createObjectNode().put("name", name)
                    .put("version", Integer.toString(version)).put("key", key));
        } catch (MlflowRequestException e) {
            throw e.isNotFound() ? versionNotFound(name, version, e) : e;
        }
        return requireVersion(name, version);
    }

    @Override
    public AliasChange setAlias(String name, String alias, int version, Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            requireReady(name, version);
            return moveAlias(name, alias, currentAlias(name, alias), version, by);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Atomic only among callers sharing this instance: MLflow offers no conditional update, so
     * this checks and then sets under a lock held by this object.
     */
    @Override
    public boolean compareAndSetAlias(String name, String alias, OptionalInt expectedCurrentVersion, int newVersion,
                                      Attribution by) {
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(expectedCurrentVersion, "expectedCurrentVersion");
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            requireReady(name, newVersion);
            OptionalInt current = currentAlias(name, alias);
            if (!current.equals(expectedCurrentVersion)) {
                return false;
            }
            moveAlias(name, alias, current, newVersion, by);
            return true;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link AliasAtomicity#THIS_INSTANCE}: MLflow has no conditional update
     */
    @Override
    public AliasAtomicity aliasAtomicity() {
        return AliasAtomicity.THIS_INSTANCE;
    }

    @Override
    public AliasChange deleteAlias(String name, String alias, Attribution by) {
        RegistryNames.checkModelName(name);
        RegistryNames.checkAlias(alias);
        Objects.requireNonNull(by, "by");
        synchronized (lock(name)) {
            OptionalInt current = currentAlias(name, alias);
            if (current.isEmpty()) {
                throw new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "'");
            }
            AliasChange change = new AliasChange(name, alias, current, OptionalInt.empty(), by, now());
            String entry = history.encode(change);
            client.delete("registered-models/alias", json.createObjectNode().put("name", name).put("alias", alias));
            record(name, entry, change);
            return change;
        }
    }

    @Override
    public List<AliasChange> aliasHistory(String name) {
        RegistryNames.checkModelName(name);
        return history.read(name);
    }

    @Override
    public <M> M load(ModelVersion version, ModelLoader<M> loader) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loader, "loader");
        ModelVersion current = requireVersion(version.name(), version.version());
        String location = current.requireLoadableArtifact();
        return files.load(location, current.artifactSha256().orElseThrow(), loader);
    }

    private AliasChange moveAlias(String name, String alias, OptionalInt previous, int version, Attribution by) {
        AliasChange change = new AliasChange(name, alias, previous, OptionalInt.of(version), by, now());
        String entry = history.encode(change);
        client.post("registered-models/alias", json.createObjectNode().put("name", name).put("alias", alias)
                .put("version", Integer.toString(version)), true);
        record(name, entry, change);
        return change;
    }

    private void record(String name, String entry, AliasChange change) {
        try {
            history.append(name, entry);
        } catch (RuntimeException e) {
            throw new StoreException("alias '" + change.alias() + "' of model '" + name + "' changed to "
                    + change.newVersion() + " but the change could not be recorded in its history", e);
        }
    }

    private OptionalInt currentAlias(String name, String alias) {
        return getByAlias(name, alias).map(v -> OptionalInt.of(v.version())).orElse(OptionalInt.empty());
    }

    private ModelVersion requireVersion(String name, int version) {
        return get(name, version).orElseThrow(() -> versionNotFound(name, version, null));
    }

    private void requireReady(String name, int version) {
        ModelVersion v = requireVersion(name, version);
        if (v.status() != ModelStatus.READY) {
            throw new IllegalStateException("cannot point an alias at " + v.ref() + ": its status is " + v.status()
                    + ", and only READY versions can be served");
        }
    }

    private static ModelNotFoundException versionNotFound(String name, int version, Exception cause) {
        ModelNotFoundException e = RegistryLifecycle.versionNotFound(name, version);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static void requireNotReserved(String key) {
        if (ModelVersionCodec.isReserved(key)) {
            throw new IllegalArgumentException("tag key '" + key + "' is reserved by the MLflow registry for its own"
                    + " bookkeeping; use setStatus for the status");
        }
    }

    private Object lock(String name) {
        return modelLocks.computeIfAbsent(RegistryNames.checkModelName(name), n -> new Object());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.now().toEpochMilli());
    }

    private static String nextToken(JsonNode page) {
        String token = page.path("next_page_token").asText("");
        return token.isEmpty() ? null : token;
    }

    @Override
    public String toString() {
        return "MlflowModelRegistry[" + client.config().baseUri() + "]";
    }
}

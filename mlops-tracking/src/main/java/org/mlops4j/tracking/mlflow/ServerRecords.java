package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlops4j.core.SafeText;

/**
 * What an MLflow server holds beyond what the {@code Tracker} and {@code ModelRegistry} views
 * carry, read for {@link MlflowExport}: a run's {@code user_id} and its tags as stored (MLflow's
 * own among them), a registered model's and a version's timestamps, description, tags and
 * {@code source}, and the files behind a source that MLflow's own clients registered.
 */
final class ServerRecords {

    private static final String PROXY = "mlflow-artifacts:";
    private static final String RUNS = "runs:/";

    private final MlflowClient client;

    ServerRecords(MlflowClient client) {
        this.client = client;
    }

    /** MLflow's run object ({@code info}, {@code data}) as {@code runs/get} returns it. */
    JsonNode run(String runId) {
        return client.get("runs/get", Map.of("run_id", runId)).path("run");
    }

    /** MLflow's experiment object as {@code experiments/get} returns it. */
    JsonNode experiment(String experimentId) {
        return client.get("experiments/get", Map.of("experiment_id", experimentId)).path("experiment");
    }

    /** MLflow's registered-model object as {@code registered-models/get} returns it. */
    JsonNode registeredModel(String name) {
        return client.get("registered-models/get", Map.of("name", name)).path("registered_model");
    }

    /** MLflow's model-version object as {@code model-versions/get} returns it. */
    JsonNode modelVersion(String name, int version) {
        return client.get("model-versions/get", Map.of("name", name, "version", Integer.toString(version)))
                .path("model_version");
    }

    /**
     * What came of copying a version's source: the files copied, or why none were.
     *
     * @param files the files copied, 0 when {@code problem} is set
     * @param problem why the source was not copied, null when it was
     */
    record SourceCopy(int files, String problem) {

        static SourceCopy failed(String problem) {
            return new SourceCopy(0, problem);
        }
    }

    /**
     * Copies the files behind a model version's {@code source} into a directory: the directory's
     * content when the source is a directory (an MLmodel folder, as MLflow's clients log models),
     * the file itself when it is a file. Reachable are {@code mlflow-artifacts:} URIs and
     * {@code runs:/<run id>/<path>} of a run whose artifacts are behind the proxy; anything else
     * (a {@code file:} or {@code s3:} path the server cannot serve, {@code models:/}, a source with
     * nothing behind it) is reported, not failed.
     *
     * @param source the version's source
     * @param into the directory to copy into; created when something is copied
     * @return the files copied, or why nothing was
     * @throws IOException if writing the copy fails
     * @throws org.mlops4j.core.StoreException if the server fails while reading
     */
    SourceCopy copySource(String source, Path into) throws IOException {
        Optional<String> path;
        if (source.startsWith(PROXY)) {
            path = Optional.of(proxyPath(source.substring(PROXY.length())));
        } else if (source.startsWith(RUNS)) {
            String rest = source.substring(RUNS.length());
            int slash = rest.indexOf('/');
            String runId = slash < 0 ? rest : rest.substring(0, slash);
            String inRun = slash < 0 ? "" : trimSlashes(rest.substring(slash + 1));
            JsonNode run;
            try {
                run = run(runId);
            } catch (MlflowRequestException e) {
                if (e.isNotFound()) {
                    return SourceCopy.failed("its source " + SafeText.quote(source) + " names run " + runId
                            + ", which the server does not have");
                }
                throw e;
            }
            String artifactUri = run.path("info").path("artifact_uri").asText("");
            if (!artifactUri.startsWith(PROXY)) {
                return SourceCopy.failed("its source " + SafeText.quote(source) + " lies in run artifacts at "
                        + artifactUri + ", which are not behind the server's artifact proxy");
            }
            String root = RunCodec.artifactRoot(run);
            path = Optional.of(inRun.isEmpty() ? root : root + "/" + inRun);
        } else {
            path = Optional.empty();
        }
        if (path.isEmpty()) {
            return SourceCopy.failed("its source " + SafeText.quote(source) + " is not behind the server's"
                    + " artifact proxy (only mlflow-artifacts: and runs:/ sources are downloaded)");
        }
        String root = path.get();
        List<String> files = root.isEmpty() ? List.of() : new RunArtifacts(client).list(root);
        if (files.isEmpty()) {
            if (root.isEmpty() || !client.artifactFileExists(root)) {
                return SourceCopy.failed("its source " + SafeText.quote(source) + " has no files on the server");
            }
            String name = root.substring(root.lastIndexOf('/') + 1);
            if (name.equals(".") || name.equals("..")) {
                return SourceCopy.failed("its source " + SafeText.quote(source) + " does not name a file or directory");
            }
            download(root, into.resolve(name));
            return new SourceCopy(1, null);
        }
        for (String file : files) {
            // RunArtifacts refuses listed names that are empty, "." or "..": each part stays below into.
            Path target = into;
            for (String part : file.split("/")) {
                target = target.resolve(part);
            }
            download(root + "/" + file, target);
        }
        return new SourceCopy(files.size(), null);
    }

    private void download(String artifactPath, Path target) throws IOException {
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (InputStream in = client.download(artifactPath)) {
            Files.copy(in, target);
        }
    }

    /** The path of an {@code mlflow-artifacts:} URI after its scheme, without an authority. */
    private static String proxyPath(String rest) {
        String path = rest;
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        return trimSlashes(path);
    }

    private static String trimSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}

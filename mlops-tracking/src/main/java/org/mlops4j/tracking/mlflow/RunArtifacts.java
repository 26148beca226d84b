package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mlops4j.core.StoreException;
import org.mlops4j.tracking.internal.ArtifactPaths;

/**
 * A run's artifacts through MLflow's artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts}),
 * under the run's root ({@code <experiment id>/<run id>/artifacts}): one PUT per file, GET to read,
 * and listings walked directory by directory, since the proxy lists one level at a time.
 */
final class RunArtifacts {

    private final MlflowClient client;

    RunArtifacts(MlflowClient client) {
        this.client = client;
    }

    /**
     * Uploads files, already checked with {@link ArtifactPaths#filesToCopy}.
     *
     * @param root the run's artifact root
     * @param files artifact path to source file
     */
    void upload(String root, Map<String, Path> files) {
        files.forEach((path, file) -> client.upload(root + "/" + path, file));
    }

    /**
     * Lists every artifact file under a root.
     *
     * @param root the run's artifact root
     * @return the relative paths, sorted
     */
    List<String> list(String root) {
        List<String> out = new ArrayList<>();
        walk(root, "", out);
        Collections.sort(out);
        return out;
    }

    private void walk(String root, String dir, List<String> out) {
        JsonNode listing = client.listArtifacts(dir.isEmpty() ? root : root + "/" + dir);
        for (JsonNode file : listing.path("files")) {
            String path = file.path("path").asText("");
            // The proxy lists base names; older servers list paths, so keep the last segment.
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new StoreException("MLflow listed artifact '" + path + "' under " + root + "; refusing it");
            }
            String child = dir.isEmpty() ? name : dir + "/" + name;
            if (file.path("is_dir").asBoolean(false)) {
                walk(root, child, out);
            } else {
                out.add(child);
            }
        }
    }

    /**
     * Opens one artifact.
     *
     * @param root the run's artifact root
     * @param path the checked, non-empty relative path
     * @param runId the run, for the message
     * @return the stream; the caller closes it
     * @throws IllegalArgumentException if the run has no such artifact
     */
    InputStream open(String root, String path, String runId) {
        if (!client.artifactFileExists(root + "/" + path)) {
            throw new IllegalArgumentException("run " + runId + " has no artifact '" + path + "'");
        }
        return client.download(root + "/" + path);
    }
}

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
 *
 * <p>MLflow refuses ("Invalid path") an artifact path that holds {@code #}, or a {@code ..}
 * segment, once percent-decoded as often as it changes (MLflow 2.12.2's
 * {@code validate_path_is_safe}). Such paths are refused before any file is sent, so a directory
 * is not left half uploaded.
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
        files.keySet().forEach(RunArtifacts::checkAcceptedByMlflow);
        files.forEach((path, file) -> client.upload(root + "/" + path, file));
    }

    /**
     * Refuses a path MLflow's artifact proxy would refuse: see the class comment.
     *
     * @throws IllegalArgumentException naming the path
     */
    static void checkAcceptedByMlflow(String path) {
        String decoded = path;
        for (int i = 0; i < 10; i++) {
            String next = percentDecode(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        if (decoded.indexOf('#') >= 0 || List.of(decoded.split("/", -1)).contains("..")) {
            throw new IllegalArgumentException("MLflow refuses artifact path '" + path + "': its artifact proxy"
                    + " rejects a path holding '#' or a '..' segment, also when percent-encoded (as '"
                    + decoded + "'); rename the file");
        }
    }

    /** Decodes {@code %XX} escapes byte by byte; enough to find {@code #}, {@code .} and {@code /}. */
    private static String percentDecode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
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

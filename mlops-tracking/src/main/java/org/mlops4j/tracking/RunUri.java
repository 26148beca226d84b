package org.mlops4j.tracking;

import java.util.Objects;
import org.mlops4j.tracking.internal.ArtifactPaths;

/**
 * A {@code runs:/<run id>/<artifact path>} URI, as MLflow writes them: one artifact file of one
 * run, for example {@code runs:/0f1e2d3c4b5a69788796a5b4c3d2e1f0/model/model.bin}. Resolved through
 * a {@link Tracker} ({@link Tracker#openArtifact(RunUri)}, {@link Tracker#modelArtifact}).
 *
 * @param runId the run's id: letters, digits, {@code -} and {@code _}, at most 64 characters
 * @param artifactPath the artifact's path inside the run: relative, {@code /}-separated, no
 *     empty, {@code .} or {@code ..} segment, not empty
 */
public record RunUri(String runId, String artifactPath) {

    /** The URI scheme prefix. */
    public static final String PREFIX = "runs:/";

    /** The longest run id accepted; MLflow's and ours have 32 characters. */
    static final int MAX_RUN_ID_LENGTH = 64;

    /**
     * Validates the components.
     *
     * @param runId the run's id
     * @param artifactPath the artifact's path inside the run
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException naming the value if either is malformed
     */
    public RunUri {
        checkRunId(runId);
        Objects.requireNonNull(artifactPath, "artifactPath");
        if (artifactPath.isEmpty()) {
            throw new IllegalArgumentException("artifactPath must name a file but was empty");
        }
        ArtifactPaths.check(artifactPath);
    }

    /**
     * Parses a {@code runs:/} URI.
     *
     * @param uri the text, for example {@code runs:/<run id>/model/model.bin}
     * @return the run and the artifact path
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException quoting the text if it does not start with {@code runs:/},
     *     has no artifact path, or its run id or path is malformed
     */
    public static RunUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("run URI must start with '" + PREFIX + "' but was '" + uri + "'");
        }
        String rest = uri.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("run URI must be runs:/<run id>/<artifact path> but '" + uri
                    + "' has no artifact path");
        }
        try {
            return new RunUri(rest.substring(0, slash), rest.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run URI '" + uri + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static void checkRunId(String runId) {
        Objects.requireNonNull(runId, "runId");
        if (runId.isEmpty() || runId.length() > MAX_RUN_ID_LENGTH) {
            throw new IllegalArgumentException("runId must have 1 to " + MAX_RUN_ID_LENGTH + " characters but was '"
                    + runId + "'");
        }
        for (int i = 0; i < runId.length(); i++) {
            char c = runId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("runId must hold only letters, digits, '-' and '_' but was '"
                        + runId + "'");
            }
        }
    }

    /** @return the URI text, {@code runs:/<run id>/<artifact path>} */
    @Override
    public String toString() {
        return PREFIX + runId + "/" + artifactPath;
    }
}

package org.mlops4j.tracking.internal;

import java.nio.file.Path;
import java.util.Map;
import org.mlops4j.tracking.SourceInfo;

/**
 * The source tags of the current directory ({@link SourceInfo}), detected on first use and then
 * kept: a tracker holds one so that git is not run for every run, which would cost milliseconds
 * each. Thread-safe; two threads racing on first use may both detect, with equal results.
 *
 * <p>Internal: public only so that the local and MLflow trackers of mlops-tracking share it; not
 * part of the API, and may change without notice.
 */
public final class SourceTags {

    private volatile Map<String, String> tags;

    /** @return the tags, detected on the first call */
    public Map<String, String> get() {
        Map<String, String> t = tags;
        if (t == null) {
            t = Map.copyOf(SourceInfo.detect(Path.of("")).tags());
            tags = t;
        }
        return t;
    }
}

package org.mlops4j.tribuo.tracking;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlops4j.tracking.TrackingLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Dataset;

/**
 * Which data a model was trained on: the SHA-256 of the dataset's content, its number of examples,
 * and where it was read from.
 *
 * <p>The digest covers the examples in iteration order: for each, its output without confidence
 * ({@code getSerializableForm(false)}), its weight, its feature count, and each feature's name and
 * value, in a length-prefixed binary encoding (the encoding is specified on
 * {@code DatasetDigest}). It depends on nothing but that content, so it is equal on every machine,
 * JVM and run for identical examples in the same order, and changes with one label, one value or
 * the order of examples; the provenance (description, creation time) is not part of it.
 *
 * <p>The source URI is the first URL or file recorded in the dataset's data source provenance
 * (Tribuo's {@code LibSVMDataSource} records its file; other file-backed sources record their
 * configured path the same way; a {@code ListDataSource} or a dataset built in memory records
 * nothing), unless the caller gives one.
 *
 * @param sha256 the content digest, 64 lower-case hex characters
 * @param rows the number of examples
 * @param source where the data was read from, when known
 */
public record DatasetFingerprint(String sha256, int rows, Optional<URI> source) {

    /** The run param holding the training data's source URI, next to autolog's {@code dataset.train.*}. */
    public static final String SOURCE_URI_PARAM = "dataset.train.source_uri";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetFingerprint.class);

    /**
     * Validates the fingerprint.
     *
     * @param sha256 the content digest, 64 lower-case hex characters
     * @param rows the number of examples
     * @param source where the data was read from, when known
     * @throws IllegalArgumentException if the digest is not 64 lower-case hex characters or rows is negative
     */
    public DatasetFingerprint {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex characters but was '" + sha256 + "'");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0 but was " + rows);
        }
    }

    /**
     * Fingerprints a dataset, taking its source URI from its data source provenance.
     *
     * @param dataset the dataset
     * @return the fingerprint
     */
    public static DatasetFingerprint of(Dataset<?> dataset) {
        Objects.requireNonNull(dataset, "dataset");
        return new DatasetFingerprint(DatasetDigest.sha256(dataset), dataset.size(),
                sourceOf(dataset.getSourceProvenance()));
    }

    /**
     * Fingerprints a dataset with a source URI the caller knows (a table, a bucket object), which
     * takes the place of any in the provenance.
     *
     * @param dataset the dataset
     * @param source where the data was read from
     * @return the fingerprint
     */
    public static DatasetFingerprint of(Dataset<?> dataset, URI source) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        return new DatasetFingerprint(DatasetDigest.sha256(dataset), dataset.size(), Optional.of(source));
    }

    /**
     * The run params recording this data as training data: {@code dataset.train.sha256},
     * {@code dataset.train.size} (the keys {@link TribuoAutolog} logs) and, when known,
     * {@value #SOURCE_URI_PARAM}.
     *
     * @return param key to value, in that order
     */
    public Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("dataset.train.sha256", sha256);
        out.put("dataset.train.size", Integer.toString(rows));
        source.ifPresent(uri -> out.put(SOURCE_URI_PARAM,
                Keys.truncate(uri.toString(), TrackingLimits.MAX_PARAM_VALUE_LENGTH)));
        return out;
    }

    /** A file URL reads file:/a/b; the usual form, a Path's URI, is file:///a/b. */
    private static URI canonical(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return uri;
        }
        try {
            return Path.of(uri).toUri();
        } catch (IllegalArgumentException e) {
            LOG.debug("file URI {} names no local path; recording it as it is", uri, e);
            return uri;
        }
    }

    /** The first URL or file in a provenance tree, depth first. */
    static Optional<URI> sourceOf(Provenance provenance) {
        if (provenance instanceof URLProvenance url && url.getValue() != null) {
            try {
                return Optional.of(canonical(url.getValue().toURI()));
            } catch (URISyntaxException e) {
                LOG.warn("data source URL {} is not a valid URI; not recording it", url.getValue(), e);
                return Optional.empty();
            }
        }
        if (provenance instanceof FileProvenance file) {       // never null: OLCUT refuses a null file
            return Optional.of(file.getValue().toPath().toUri());
        }
        if (provenance instanceof ObjectProvenance object) {
            for (Pair<String, Provenance> field : object) {
                Optional<URI> found = sourceOf(field.getB());
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (provenance instanceof ListProvenance<?> list) {
            for (Provenance element : list) {
                Optional<URI> found = sourceOf(element);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (provenance instanceof MapProvenance<?> map) {
            for (Pair<String, ? extends Provenance> entry : map) {
                Optional<URI> found = sourceOf(entry.getB());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}

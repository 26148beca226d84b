package org.mlops4j.tracking.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mlops4j.core.ArtifactIntegrityException;
import org.mlops4j.core.StoreException;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelLoader;
import org.mlops4j.core.registry.VerifiedArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model files behind MLflow's artifact proxy, stored by content at
 * {@code mlflow-artifacts:/models/<sha256>/<file name>}: uploaded from a verified local copy, so
 * the bytes sent are the bytes checked, and downloaded to a temporary file that is checked against
 * the SHA-256 again before a loader sees it.
 */
final class ModelFiles {

    static final String SCHEME = "mlflow-artifacts:/";

    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);

    private final MlflowClient client;

    ModelFiles(MlflowClient client) {
        this.client = client;
    }

    /**
     * Uploads an artifact.
     *
     * @return its {@code mlflow-artifacts:} URI
     * @throws ArtifactIntegrityException if the file is missing or does not match its SHA-256
     */
    String upload(ModelArtifact artifact) {
        artifact.verify();
        // The name is only a label (the SHA-256 identifies the bytes): keep it to safe characters.
        String fileName = artifact.file().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (fileName.equals(".") || fileName.equals("..")) {
            fileName = "model";
        }
        String path = "models/" + artifact.sha256() + "/" + fileName;
        Path tmp = null;
        try {
            tmp = Files.createTempFile("mlops4j-model-", ".part");
            Files.copy(artifact.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
            new ModelArtifact(tmp, artifact.sha256()).verify();
            client.upload(path, tmp);
        } catch (IOException e) {
            throw new StoreException("cannot copy model artifact " + artifact.file() + " to upload it", e);
        } finally {
            delete(tmp);
        }
        return SCHEME + path;
    }

    /**
     * Downloads an artifact, checks it and hands it to a loader.
     *
     * @param location its {@code mlflow-artifacts:} URI
     * @param sha256 the SHA-256 it must have
     * @param loader turns the checked file into a model
     * @return the model
     * @throws ArtifactIntegrityException if the file is missing on the server or its bytes changed
     * @throws StoreException if the location is not behind the proxy or the download fails
     */
    <M> M load(String location, String sha256, ModelLoader<M> loader) {
        if (!location.startsWith(SCHEME)) {
            throw new StoreException("model source '" + location + "' is not behind MLflow's artifact proxy");
        }
        String path = location.substring(SCHEME.length());
        if (!client.artifactFileExists(path)) {
            throw new ArtifactIntegrityException("model artifact " + location + " is missing on the server");
        }
        // Streamed into memory, hashed as it arrives and capped at the loader's limit: nothing is
        // written to disk, and the bytes checked are the bytes parsed.
        Path name = Path.of(path.substring(path.lastIndexOf('/') + 1));
        VerifiedArtifact verified;
        try (InputStream in = client.download(path)) {
            verified = VerifiedArtifact.read(in, name, sha256, loader.maxArtifactBytes());
        } catch (IOException e) {
            throw new StoreException("cannot download model artifact " + location, e);
        }
        try {
            return loader.load(verified);
        } catch (IOException e) {
            throw new StoreException("cannot load model artifact " + location + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}", file, e);
        }
    }
}

package org.mlops4j.tracking.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * Model files behind MLflow's artifact proxy, stored by content in the model directory
 * {@code mlflow-artifacts:/mlops4j/models/<sha256>/<file name>/}, which holds the file itself
 * (same name) and an {@code MLmodel} file ({@link MlModelFile}): MLflow's clients download a
 * version's source as a directory, so the directory is the version's source. Uploaded from a
 * verified local copy, so the bytes sent are the bytes checked; downloaded into memory and checked
 * against the SHA-256 again before a loader sees them.
 *
 * <p>Versions registered by earlier builds have the file itself as their source
 * ({@code mlflow-artifacts:/models/<sha256>/<file name>}); they still load.
 */
final class ModelFiles {

    static final String SCHEME = "mlflow-artifacts:/";
    /** Where model directories live behind the proxy (run artifacts live under experiment ids). */
    static final String ROOT = "mlops4j/models/";

    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);

    private final MlflowClient client;

    ModelFiles(MlflowClient client) {
        this.client = client;
    }

    /**
     * Uploads an artifact into its model directory, with the directory's {@code MLmodel} file.
     *
     * @return the directory's {@code mlflow-artifacts:} URI, the version's source
     * @throws ArtifactIntegrityException if the file is missing or does not match its SHA-256
     */
    String upload(ModelArtifact artifact) {
        artifact.verify();
        // The name is only a label (the SHA-256 identifies the bytes): keep it to safe characters.
        String fileName = artifact.file().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (fileName.equals(".") || fileName.equals("..")) {
            fileName = "model";
        }
        String dir = ROOT + artifact.sha256() + "/" + fileName;
        Path tmp = null;
        Path mlmodel = null;
        try {
            tmp = Files.createTempFile("mlops4j-model-", ".part");
            Files.copy(artifact.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
            new ModelArtifact(tmp, artifact.sha256()).verify();
            mlmodel = Files.createTempFile("mlops4j-mlmodel-", ".part");
            Files.writeString(mlmodel, MlModelFile.content(fileName, artifact.sha256(), Files.size(tmp)),
                    StandardCharsets.UTF_8);
            // The model first: a directory whose MLmodel exists always holds its model.
            client.upload(dir + "/" + fileName, tmp);
            client.upload(dir + "/" + MlModelFile.NAME, mlmodel);
        } catch (IOException e) {
            throw new StoreException("cannot copy model artifact " + artifact.file() + " to upload it", e);
        } finally {
            delete(tmp);
            delete(mlmodel);
        }
        return SCHEME + dir;
    }

    /**
     * The model file's path behind the proxy, for a version's source: the file inside the model
     * directory, or the source itself for a version registered by an earlier build.
     *
     * @param location the version's {@code mlflow-artifacts:} source
     * @return the path, without the scheme
     * @throws StoreException if the location is not behind the proxy
     * @throws ArtifactIntegrityException if no model file is there
     */
    String modelFilePath(String location) {
        if (!location.startsWith(SCHEME)) {
            throw new StoreException("model source '" + location + "' is not behind MLflow's artifact proxy");
        }
        String path = location.substring(SCHEME.length());
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String inside = path + "/" + path.substring(path.lastIndexOf('/') + 1);
        if (client.artifactFileExists(inside)) {
            return inside;
        }
        if (client.artifactFileExists(path)) {
            return path;
        }
        throw new ArtifactIntegrityException("model artifact " + location + " is missing on the server");
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
        String path = modelFilePath(location);
        // Streamed into memory, hashed as it arrives and capped at the loader's limit: nothing is
        // written to disk, and the bytes checked are the bytes parsed.
        Path name = Path.of(path).getFileName();
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

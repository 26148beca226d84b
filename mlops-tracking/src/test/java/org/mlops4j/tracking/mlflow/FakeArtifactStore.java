package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The artifact proxy of the fake server ({@code /api/2.0/mlflow-artifacts/artifacts}), backed by a
 * directory: PUT writes a file (to a temporary name, then renamed, so concurrent uploads of one
 * path never interleave), GET reads it, and a GET with {@code ?path=} lists one directory level
 * with base names, as MLflow's proxy does. Paths that could leave the root are refused as MLflow's
 * {@code validate_path_is_safe} refuses them.
 */
final class FakeArtifactStore {

    private final ObjectMapper json;
    private final Path root;

    FakeArtifactStore(ObjectMapper json, Path root) {
        this.json = json;
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** Resolves a relative artifact path under the root, refusing unsafe ones ('#' too, as MLflow does). */
    Path resolve(String path) {
        if (path.startsWith("/") || path.contains("\\") || path.contains(":") || path.contains("#")
                || List.of(path.split("/", -1)).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw FakeApiError.invalid("Invalid path");
        }
        Path p = path.isEmpty() ? root : root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw FakeApiError.invalid("Invalid path");
        }
        return p;
    }

    void put(String path, byte[] content) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".part");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    byte[] get(String path) throws IOException {
        Path file = resolve(path);
        if (!Files.isRegularFile(file)) {
            // MLflow's handler lets the artifact repository's OSError through: a 500, not a 404.
            throw new FakeApiError(500, "INTERNAL_ERROR", "No such file or directory: '" + file + "'");
        }
        return Files.readAllBytes(file);
    }

    ObjectNode list(String path) throws IOException {
        Path dir = resolve(path);
        ObjectNode out = json.createObjectNode();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith(".upload-")).sorted().toList();
        }
        if (!entries.isEmpty()) {
            ArrayNode files = out.putArray("files");
            for (Path p : entries) {
                ObjectNode f = files.addObject().put("path", p.getFileName().toString());
                if (Files.isDirectory(p)) {
                    f.put("is_dir", true);
                } else {
                    f.put("is_dir", false).put("file_size", Files.size(p));
                }
            }
        }
        return out;
    }
}

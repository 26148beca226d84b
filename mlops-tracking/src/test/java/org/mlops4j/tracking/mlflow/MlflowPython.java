package org.mlops4j.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MLflow's own Python client for the real-server tests: MLflow 2.12.2's package (in
 * {@code ../shared/mlflow-server/python}) run with Debian's {@code /usr/bin/python3}. The package is
 * named by {@value #ENV} (an absolute path; {@code .ci/run} sets it), or found as
 * {@code shared/mlflow-server/python} in a folder above the working directory; without it the
 * test is skipped with a message that says so.
 */
final class MlflowPython {

    static final String ENV = "MLOPS_TEST_MLFLOW_PYTHONPATH";
    static final String INTERPRETER = "/usr/bin/python3";

    private MlflowPython() {
    }

    /** The folder holding MLflow's Python package, or skips the test naming {@value #ENV}. */
    static Path packagePath() {
        Path found = find().orElse(null);
        assumeTrue(found != null && Files.isExecutable(Path.of(INTERPRETER)), "MLflow Python client checks"
                + " skipped: set " + ENV + " to the absolute path of ../shared/mlflow-server/python (the folder"
                + " holding MLflow 2.12.2's Python package, run with " + INTERPRETER + ") to run them");
        return found;
    }

    private static Optional<Path> find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/mlflow-server/python");
            if (Files.isDirectory(candidate.resolve("mlflow"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Copies a script from the test resources into a folder.
     *
     * @param resource its name under {@code /mlflow/}
     * @param dir the folder
     * @return the copy
     */
    static Path script(String resource, Path dir) throws IOException {
        Path script = dir.resolve(resource);
        if (!Files.exists(script)) {
            try (var in = MlflowPython.class.getResourceAsStream("/mlflow/" + resource)) {
                assertThat(in).as("test resource /mlflow/%s", resource).isNotNull();
                Files.copy(in, script);
            }
        }
        return script;
    }

    /**
     * Runs a script with MLflow's package on {@code PYTHONPATH}, stopping it after a timeout; fails
     * the test, showing its output, if it does not finish or exits with an error.
     *
     * @param dir a folder for its output files
     * @param timeout how long it may run
     * @param environment variables to set (a null value removes one)
     * @param arguments the script and its arguments
     * @return what it printed on standard output
     */
    static String run(Path dir, Duration timeout, Map<String, String> environment, List<String> arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(INTERPRETER);
        command.addAll(arguments);
        Path out = Files.createTempFile(dir, "python-", ".out");
        Path err = Files.createTempFile(dir, "python-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PYTHONPATH", packagePath().toString());
        environment.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(done).as("%s did not finish within %s; stderr:%n%s", command, timeout, stderr).isTrue();
        assertThat(process.exitValue()).as("%s failed; stdout:%n%s%nstderr:%n%s", command, stdout, stderr).isZero();
        return stdout;
    }
}

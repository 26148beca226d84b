package org.mlops4j.tracking.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Clock;
import org.mlops4j.core.registry.AliasChange;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.tracking.Mlops;

/**
 * Two JVMs with eight threads each registering versions and moving an alias with compare-and-set
 * on one PostgreSQL database: versions stay gapless and unique, the alias history is complete and
 * forms one chain, and nothing deadlocks.
 */
class PostgresMultiProcessTest {

    @TempDir
    Path dir;

    private PostgresTestDatabase db;

    @BeforeEach
    void createSchema() throws Exception {
        db = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private Process spawn(Path artifact) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                StoreWorker.class.getName(), "pg-race", db.url(), db.schema(), dir.resolve("artifacts").toString(),
                "8", "6", artifact.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> linesOf(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("child finished without deadlock").isTrue();
        assertThat(p.exitValue()).isZero();
        return lines;
    }

    @Test
    void twoJvmsTimesEightThreadsRegisterAndMoveAliasesConsistently() throws Exception {
        Path artifact = Files.writeString(dir.resolve("model.bin"), "weights");
        try (Mlops mlops = Mlops.jdbc(db.dataSource(), "schema " + db.schema(), dir.resolve("artifacts"),
                Clock.system())) {
            mlops.registry().modelNames();
        }
        Process a = spawn(artifact);
        Process b = spawn(artifact);
        List<String> lines = new ArrayList<>(linesOf(a));
        lines.addAll(linesOf(b));

        TreeSet<Integer> versions = new TreeSet<>();
        int moves = 0;
        for (String line : lines) {
            if (line.startsWith("version ")) {
                versions.add(Integer.parseInt(line.substring(8)));
            } else if (line.startsWith("moved ")) {
                moves++;
            }
        }
        int total = 2 * 8 * 6;
        assertThat(versions).hasSize(total);
        assertThat(versions.first()).isEqualTo(1);
        assertThat(versions.last()).isEqualTo(total);

        try (Mlops mlops = Mlops.jdbc(db.dataSource(), "schema " + db.schema(), dir.resolve("artifacts"),
                Clock.system())) {
            assertThat(mlops.registry().versions("fraud")).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(versions);
            List<AliasChange> history = mlops.registry().aliasHistory("fraud");
            assertThat(history).hasSize(moves);
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).previousVersion()).isEqualTo(history.get(i - 1).newVersion());
                assertThat(history.get(i).newVersion().getAsInt())
                        .isGreaterThan(history.get(i - 1).newVersion().getAsInt());
            }
            assertThat(mlops.registry().getByAlias("fraud", "champion").orElseThrow().version()).isEqualTo(total);
        }
    }
}

package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelRegistry;
import org.mlops4j.tracking.InMemoryTracker;
import org.mlops4j.tracking.Mlops;
import org.mlops4j.tracking.Tracker;
import org.mlops4j.tracking.jdbc.JdbcTracker;
import org.mlops4j.tracking.mlflow.MlflowModelRegistry;
import org.mlops4j.tracking.mlflow.MlflowTracker;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

/** The stores {@link MlopsStoreAutoConfiguration} makes from {@code mlops.store.*}, in a real context. */
class MlopsStoreAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MlopsStoreAutoConfiguration.class));

    @Test
    void byDefaultTheEmbeddedStoreInItsPathKeepsRunsAndModelsAndClosesWithTheContext() {
        Path store = dir.resolve("store");
        runner.withPropertyValues("mlops.store.path=" + store).run(context -> {
            assertThat(context).hasSingleBean(Tracker.class).hasSingleBean(ModelRegistry.class);
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker).isInstanceOf(JdbcTracker.class);
            tracker.getOrCreateExperiment("fraud");
            assertThat(store.resolve(Mlops.DATABASE_FILE)).exists();
            assertThat(context.getBean(MlopsStores.class).toString()).contains(store.toAbsolutePath().toString());
        });
        // Closed with the context: the store opens again, with what was written.
        try (Mlops reopened = Mlops.local(store)) {
            assertThat(reopened.tracker().experiment("fraud")).isPresent();
        }
    }

    @Test
    void theApplicationsOwnTrackerAndRegistryWin() {
        runner.withPropertyValues("mlops.store.path=" + dir.resolve("store"))
                .withBean(Tracker.class, InMemoryTracker::new)
                .withBean(ModelRegistry.class, InMemoryModelRegistry::new)
                .run(context -> {
                    assertThat(context.getBean(Tracker.class)).isInstanceOf(InMemoryTracker.class);
                    assertThat(context.getBean(ModelRegistry.class)).isInstanceOf(InMemoryModelRegistry.class);
                });
    }

    @Test
    void jdbcUsesTheApplicationsDataSource() {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("app.db"));
        runner.withPropertyValues("mlops.store.type=jdbc", "mlops.store.path=" + dir.resolve("files"))
                .withBean(DataSource.class, () -> ds)
                .run(context -> {
                    context.getBean(Tracker.class).getOrCreateExperiment("churn");
                    assertThat(context.getBean(MlopsStores.class).toString()).contains("DataSource");
                });
        assertThat(Files.exists(dir.resolve("app.db"))).isTrue();
    }

    @Test
    void jdbcWithoutADataSourceFailsNamingTheProperty() {
        runner.withPropertyValues("mlops.store.type=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("mlops.store.type=jdbc needs a DataSource bean"));
    }

    @Test
    void mlflowNeedsItsUrlAndContactsNothingAtStartup() {
        runner.withPropertyValues("mlops.store.type=mlflow").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("mlops.store.mlflow.url must be set"));
        runner.withPropertyValues("mlops.store.type=mlflow", "mlops.store.mlflow.url=http://127.0.0.1:9",
                "mlops.store.mlflow.token=secret").run(context -> {
                    assertThat(context.getBean(Tracker.class)).isInstanceOf(MlflowTracker.class);
                    assertThat(context.getBean(ModelRegistry.class)).isInstanceOf(MlflowModelRegistry.class);
                    assertThat(context.getBean(MlopsStores.class).toString()).doesNotContain("secret");
                });
    }

    @Test
    void anUnknownStoreTypeFailsNamingTheProperty() {
        runner.withPropertyValues("mlops.store.type=cassandra").run(context -> assertThatThrownBy(() -> {
            throw context.getStartupFailure();
        }).hasStackTraceContaining("mlops.store.type").hasStackTraceContaining("cassandra"));
    }
}

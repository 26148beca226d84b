package org.mlops4j.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.Predictor;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRef;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.registry.ModelVersion;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.IncompatibleSignatureException;
import org.mlops4j.core.schema.ModelSignature;
import org.mlops4j.core.schema.Schema;

/** The endpoint refuses a version whose signature cannot take its traffic, and owns what it serves. */
class SignatureCheckTest {

    private static final ModelSignature SERVED = ModelSignature.classifier(Schema.of(
            Feature.numeric("amount"), Feature.categorical("country", Set.of("DE", "FR"))), List.of("no", "yes"));
    private static final ModelSignature WIDER = ModelSignature.classifier(Schema.of(
            Feature.numeric("amount"), Feature.anyCategory("country"), Feature.numeric("age").optional()),
            List.of("yes", "no"));
    private static final ModelSignature NARROWER = ModelSignature.classifier(Schema.of(
            Feature.numeric("amount"), Feature.categorical("country", Set.of("DE")), Feature.numeric("age")),
            List.of("no", "yes"));

    private static Variant<Integer, String> variant(String name, int version, ModelSignature signature) {
        return new Variant<>(name, in -> name + ":" + in, new ModelRef("fraud", version), Optional.ofNullable(signature));
    }

    private static ModelEndpoint<Integer, String> serving(Variant<Integer, String> v) {
        return ModelEndpoint.<Integer, String>builder("fraud").strategy(DeploymentStrategy.single(v)).build();
    }

    @Test
    void anIncompatibleCandidateIsRefusedBeforeItTakesTraffic() {
        ModelEndpoint<Integer, String> endpoint = serving(variant("champion", 1, SERVED));
        DeploymentStrategy<Integer, String> canary = DeploymentStrategy.canary(variant("champion", 1, SERVED),
                variant("canary", 2, NARROWER), 5_000, "fraud");

        assertThatThrownBy(() -> endpoint.deploy(canary, "try v2"))
                .isInstanceOfSatisfying(IncompatibleSignatureException.class, e -> assertThat(e.differences())
                        .containsExactly(
                                "feature 'country' takes [DE, FR] for the served model but the candidate refuses [FR]",
                                "feature 'age' is required by the candidate but not taken by the served model"))
                .hasMessageStartingWith("the signature of models:/fraud/2 is incompatible with the signature of models:/fraud/1: ");
        assertThat(endpoint.strategy().variants()).extracting(Variant::name).containsExactly("champion");
        assertThat(endpoint.predict(3, "k")).isEqualTo("champion:3");
    }

    @Test
    void compatibleUnsignedAndAlreadyServedVariantsPass() {
        ModelEndpoint<Integer, String> endpoint = serving(variant("champion", 1, SERVED));
        endpoint.deploy(DeploymentStrategy.canary(variant("champion", 1, SERVED), variant("canary", 2, WIDER), 5_000,
                "fraud"), "compatible");
        assertThat(endpoint.strategy().variants()).hasSize(2);
        // promoting the served canary alone: version 2 is already served, so it is not checked again
        endpoint.deploy(DeploymentStrategy.single(variant("champion", 2, WIDER)), "promote");
        // back to the narrower v1: v1 is a newcomer now, and v1 refuses what v2 takes
        assertThatThrownBy(() -> endpoint.deploy(DeploymentStrategy.single(variant("champion", 1, SERVED)), "back"))
                .isInstanceOf(IncompatibleSignatureException.class).hasMessageContaining("'age'");
        // a variant without a signature is not checked
        endpoint.deploy(DeploymentStrategy.single(variant("champion", 3, null)), "unsigned");
        endpoint.deploy(DeploymentStrategy.single(variant("champion", 4, NARROWER)), "no served signature");
        assertThat(endpoint.predict(1)).isEqualTo("champion:1");
    }

    @Test
    void aRollbackToTheServedChampionIsNeverRefused() {
        Variant<Integer, String> champion = variant("champion", 1, SERVED);
        ModelEndpoint<Integer, String> endpoint = serving(champion);
        endpoint.deploy(DeploymentStrategy.canary(champion, variant("canary", 2, WIDER), 5_000, "fraud"), "canary");
        // v1 could not take v2's traffic (v2 takes 'age' and any country), but v1 is served already
        endpoint.deploy(DeploymentStrategy.single(champion), "rollback");
        assertThat(endpoint.strategy().variants()).containsExactly(champion);
    }

    @Test
    void withNoGraceReplacedPredictorsCloseAtOnce() {
        Closing first = new Closing("first");
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(new Variant<>("champion", first, new ModelRef("fraud", 1))))
                .retiredPredictorGrace(Duration.ZERO).build();
        endpoint.deploy(DeploymentStrategy.single(variant("champion", 2, null)), "replace");
        assertThat(first.closed.get()).isEqualTo(1);
    }

    @Test
    void theCheckCanBeTurnedOff() {
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(variant("champion", 1, SERVED))).signatureCheck(false).build();
        endpoint.deploy(DeploymentStrategy.single(variant("champion", 2, NARROWER)), "callers changed too");
        assertThat(endpoint.strategy().variants().get(0).model().version()).isEqualTo(2);
    }

    @Test
    void aRegistryBoundEndpointRefusesAnIncompatibleVersionAndClosesIt(@TempDir Path dir) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        ModelVersion v1 = registry.register(ModelRegistration.builder("fraud").signature(SERVED)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud").signature(NARROWER)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("t", "first"));
        assertThat(v1.signature()).contains(SERVED);
        List<Closing> loaded = new ArrayList<>();

        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", Files::readString, (String text) -> {
                    Closing c = new Closing(text);
                    loaded.add(c);
                    return c;
                })
                .retiredPredictorGrace(Duration.ZERO)
                .build();
        assertThat(endpoint.strategy().variants().get(0).signature()).contains(SERVED);

        registry.setAlias("fraud", "champion", 2, Attribution.by("t", "narrower"));
        assertThatThrownBy(endpoint::reload).isInstanceOf(IncompatibleSignatureException.class)
                .hasMessageContaining("models:/fraud/2").hasMessageContaining("models:/fraud/1");
        assertThat(endpoint.predict(7)).isEqualTo("one:7");
        assertThat(loaded).extracting(c -> c.closed.get()).containsExactly(0, 1);

        endpoint.close();
        assertThat(loaded).extracting(c -> c.closed.get()).containsExactly(1, 1);
    }

    @Test
    void aVersionLoaderSeesTheVersionItLoadsAndItsVerifiedBytes(@TempDir Path dir) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.register(ModelRegistration.builder("fraud").signature(SERVED)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v1"), "one"))).build());
        registry.register(ModelRegistration.builder("fraud").signature(WIDER)
                .artifact(ModelArtifact.of(Files.writeString(dir.resolve("v2"), "two"))).build());
        registry.setAlias("fraud", "champion", 1, Attribution.by("t", "first"));
        VersionLoader<Integer, String> loader = (reg, version) -> {
            String text = reg.load(version, Files::readString);
            String labels = String.join("/", version.signature().orElseThrow().labels());
            return in -> text + "@" + version.version() + "[" + labels + "]:" + in;
        };
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .fromRegistry(registry, "models:/fraud@champion", loader).build();
        assertThat(endpoint.predict(5)).isEqualTo("one@1[no/yes]:5");
        registry.setAlias("fraud", "champion", 2, Attribution.by("t", "wider"));
        assertThat(endpoint.reload()).isPresent();
        assertThat(endpoint.predict(5)).isEqualTo("two@2[yes/no]:5");
        assertThat(endpoint.strategy().variants().get(0).signature()).contains(WIDER);

        Files.writeString(dir.resolve("v1"), "tampered");
        registry.setAlias("fraud", "champion", 1, Attribution.by("t", "back"));
        assertThatThrownBy(endpoint::reload).isInstanceOf(org.mlops4j.core.ArtifactIntegrityException.class);
        assertThatThrownBy(() -> ModelEndpoint.<Integer, String>builder("x")
                .fromRegistry(registry, "models:/fraud@champion", (VersionLoader<Integer, String>) (r, v) -> null)
                .build()).isInstanceOf(NullPointerException.class).hasMessageContaining("fraud/1");
    }

    @Test
    void replacedPredictorsCloseAfterTheGraceAndKeptOnesStayOpen() throws Exception {
        Closing first = new Closing("first");
        Closing second = new Closing("second");
        Variant<Integer, String> a = new Variant<>("champion", first, new ModelRef("fraud", 1));
        Variant<Integer, String> b = new Variant<>("canary", second, new ModelRef("fraud", 2));
        ModelEndpoint<Integer, String> endpoint = ModelEndpoint.<Integer, String>builder("fraud")
                .strategy(DeploymentStrategy.single(a)).retiredPredictorGrace(Duration.ofSeconds(1)).build();

        endpoint.deploy(DeploymentStrategy.canary(a, b, 5_000, "fraud"), "canary");
        endpoint.deploy(DeploymentStrategy.single(b.named("champion")), "promote");
        assertThat(first.closed.get()).isZero(); // still in its grace period: calls routed before the switch finish
        assertThat(endpoint.predict(1)).isEqualTo("second:1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.closed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(first.closed.get()).isEqualTo(1);
        assertThat(second.closed.get()).isZero();

        assertThatThrownBy(() -> ModelEndpoint.<Integer, String>builder("x").retiredPredictorGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    /** A predictor holding a resource, counting how often it was closed. */
    private static final class Closing implements Predictor<Integer, String>, AutoCloseable {
        final String name;
        final AtomicInteger closed = new AtomicInteger();

        Closing(String name) {
            this.name = name;
        }

        @Override
        public String predict(Integer input) {
            return name + ":" + input;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}

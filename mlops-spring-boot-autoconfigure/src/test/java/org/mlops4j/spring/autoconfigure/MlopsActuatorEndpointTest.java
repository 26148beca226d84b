package org.mlops4j.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlops4j.core.registry.Attribution;
import org.mlops4j.core.registry.InMemoryModelRegistry;
import org.mlops4j.core.registry.ModelArtifact;
import org.mlops4j.core.registry.ModelRegistration;
import org.mlops4j.core.rollout.AnalysisOutcome;
import org.mlops4j.core.rollout.AnalysisResult;
import org.mlops4j.core.rollout.CheckResult;
import org.mlops4j.lifecycle.ClosedLoop;
import org.mlops4j.lifecycle.Rollout;
import org.mlops4j.lifecycle.RolloutPlan;
import org.mlops4j.lifecycle.RolloutStatus;
import org.mlops4j.lifecycle.RolloutStep;
import org.mlops4j.monitoring.Baseline;
import org.mlops4j.monitoring.ModelMonitor;
import org.mlops4j.serving.BlueGreenStrategy;
import org.mlops4j.serving.DeploymentStrategy;
import org.mlops4j.serving.ModelEndpoint;
import org.mlops4j.serving.Variant;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code mlops} endpoint's write operation called directly (the web application test calls it
 * over HTTP): which action applies to which state, who is recorded, and what a refusal answers.
 */
class MlopsActuatorEndpointTest {

    @TempDir
    Path dir;

    private InMemoryModelRegistry registry;
    private ModelEndpoint<Integer, Integer> scorer;
    private ModelEndpoint<Integer, Integer> ranker;
    private ClosedLoop<Integer, Integer> loop;
    private MlopsActuatorEndpoint actuator;
    private final Principal alice = () -> "alice";

    @BeforeEach
    void setUp() throws Exception {
        registry = new InMemoryModelRegistry();
        for (String m : List.of("scorer", "scorer", "ranker", "ranker")) {
            registry.register(ModelRegistration.builder(m).artifact(ModelArtifact.of(Files.writeString(
                    Files.createTempFile(dir, m, ".bin"), m))).build());
        }
        registry.setAlias("scorer", "champion", 1, Attribution.by("test", "first"));
        scorer = ModelEndpoint.<Integer, Integer>builder("scorer").strategy(DeploymentStrategy.single(
                Variant.of("champion", x -> x, registry.get("scorer", 1).orElseThrow()))).build();
        BlueGreenStrategy<Integer, Integer> bg = BlueGreenStrategy.of(Variant.of("blue", x -> x,
                registry.get("ranker", 1).orElseThrow()));
        bg.stage(Variant.of("green", x -> -x, registry.get("ranker", 2).orElseThrow()), List.of(), c -> { });
        ranker = ModelEndpoint.<Integer, Integer>builder("ranker").strategy(bg).build();
        ModelMonitor<Object> monitor = ModelMonitor.builder().sameThreadAnalysis().build();
        loop = ClosedLoop.builder(scorer, monitor, registry)
                .plan(RolloutPlan.builder().step(RolloutStep.canary(50).minSamples(1).withManualGate())
                        .step(RolloutStep.canary(100).minSamples(1)).build())
                .analysis(c -> AnalysisResult.of(List.of(new CheckResult("always", AnalysisOutcome.PASS, false, ""))))
                .sameThread().build();
        MlopsEndpoints found = new MlopsEndpoints(List.of(scorer, ranker), List.of(loop), List.of(monitor),
                Map.of("scorer", monitor));
        actuator = new MlopsActuatorEndpoint(found, new FiringAlerts(), registry);
    }

    private Rollout<Integer, Integer> rolloutAtTheGate() {
        Rollout<Integer, Integer> r = loop.rollout(Variant.of("candidate", x -> x + 1,
                registry.get("scorer", 2).orElseThrow()), Baseline.none());
        for (int i = 0; i < 20; i++) {
            scorer.predict(i, "k" + i);
        }
        loop.tick();
        assertThat(r.status()).isEqualTo(RolloutStatus.AWAITING_APPROVAL);
        return r;
    }

    private static String error(WebEndpointResponse<Map<String, Object>> r) {
        return String.valueOf(r.getBody().get("error"));
    }

    @Test
    void eachRolloutActionAppliesToItsStateOnlyAndIsDoneInThePrincipalsName() {
        Rollout<Integer, Integer> r = rolloutAtTheGate();
        WebEndpointResponse<Map<String, Object>> resume = actuator.act("scorer", "resume", null, alice);
        assertThat(resume.getStatus()).isEqualTo(400);
        assertThat(error(resume)).isEqualTo("cannot resume on 'scorer': resume() needs a paused rollout, but the "
                + "rollout of scorer/2 is AWAITING_APPROVAL");
        assertThat(actuator.act("scorer", "pause", null, alice).getStatus()).as("pause needs RUNNING").isEqualTo(400);

        WebEndpointResponse<Map<String, Object>> approve = actuator.act("scorer", " Approve ", "ok", alice);
        assertThat(approve.getStatus()).isEqualTo(200);
        assertThat(approve.getBody()).containsEntry("action", "approve").containsEntry("actor", "alice");
        assertThat(r.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(r.state().step()).isEqualTo(1);

        assertThat(actuator.act("scorer", "pause", "look", null).getStatus()).isEqualTo(200);
        assertThat(r.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(actuator.act("scorer", "resume", null, () -> null).getStatus()).isEqualTo(200);
        assertThat(r.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(actuator.act("scorer", "pause", null, () -> " ").getBody()).as("a blank name")
                .containsEntry("actor", MlopsActuatorEndpoint.ANONYMOUS);
        assertThat(actuator.act("scorer", "resume", null, alice).getStatus()).isEqualTo(200);
        assertThat(actuator.act("scorer", "rollback", "bad", alice).getStatus()).isEqualTo(200);
        assertThat(r.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(r.audit()).satisfiesExactly(
                a -> assertThat(a).endsWith(" approve by alice: ok"),
                a -> assertThat(a).endsWith(" pause by " + MlopsActuatorEndpoint.ANONYMOUS + ": look"),
                a -> assertThat(a).as("a principal without a name").endsWith(" resume by " + MlopsActuatorEndpoint.ANONYMOUS),
                a -> assertThat(a).endsWith(" pause by " + MlopsActuatorEndpoint.ANONYMOUS),
                a -> assertThat(a).endsWith(" resume by alice"),
                a -> assertThat(a).endsWith(" rollback by alice: bad"));

        WebEndpointResponse<Map<String, Object>> finished = actuator.act("scorer", "promote", null, alice);
        assertThat(finished.getStatus()).isEqualTo(400);
        assertThat(error(finished)).isEqualTo("cannot promote on 'scorer': it has no rollout in progress");
        WebEndpointResponse<Map<String, Object>> noRollback = actuator.act("scorer", "rollback", null, alice);
        assertThat(error(noRollback)).isEqualTo("cannot rollback on 'scorer': it has no rollout in progress and is not "
                + "blue-green");
    }

    @Test
    void aPromotionMovesTheChampionAliasInThePrincipalsName() {
        Rollout<Integer, Integer> r = rolloutAtTheGate();
        assertThat(actuator.act("scorer", "promote", "ship", alice).getStatus()).isEqualTo(200);
        assertThat(r.status()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(registry.aliasHistory("scorer").stream().filter(c -> c.alias().equals("champion"))
                .reduce((a, b) -> b).orElseThrow().attribution().actor()).isEqualTo("alice");
    }

    @Test
    void blueGreenSwitchesAndRollsBackAuditedOnTheVersionThatWentLive() {
        WebEndpointResponse<Map<String, Object>> sw = actuator.act("ranker", "switch", "green ok", alice);
        assertThat(sw.getStatus()).isEqualTo(200);
        assertThat(ranker.strategy().fallback().name()).isEqualTo("green");
        assertThat(registry.get("ranker", 2).orElseThrow().tags()).hasEntrySatisfying(
                registry.get("ranker", 2).orElseThrow().tags().keySet().stream()
                        .filter(k -> k.startsWith(Rollout.AUDIT_TAG_PREFIX)).findFirst().orElseThrow(),
                v -> assertThat(v).endsWith(" switch to green on 'ranker' by alice: green ok"));
        assertThat(actuator.act("ranker", "rollback", null, alice).getStatus()).isEqualTo(200);
        assertThat(ranker.strategy().fallback().name()).isEqualTo("blue");
        assertThat(registry.get("ranker", 1).orElseThrow().tags()).anySatisfy((k, v) -> {
            assertThat(k).as("the second audit of this endpoint").matches("mlops\\.audit\\.\\d{13}\\.0001");
            assertThat(v).endsWith(" blue-green rollback to blue on 'ranker' by alice");
        });
        WebEndpointResponse<Map<String, Object>> again = actuator.act("ranker", "switch", null, alice);
        assertThat(again.getStatus()).as("nothing is staged after a rollback").isEqualTo(400);
        assertThat(error(again)).startsWith("cannot switch on 'ranker': ");
        assertThat(error(actuator.act("ranker", "approve", null, alice)))
                .isEqualTo("cannot approve on 'ranker': no ClosedLoop bean drives it");
        assertThat(error(actuator.act("scorer", "switch", null, alice)))
                .startsWith("cannot switch on 'scorer': its strategy is single(").endsWith(", not blue-green");
    }

    @Test
    void unknownEndpointsActionsAndBadReasonsAreRefusedNamingThem() {
        WebEndpointResponse<Map<String, Object>> unknown = actuator.act("nothing", "approve", null, alice);
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(error(unknown)).isEqualTo("no model endpoint is named 'nothing'; there are [scorer, ranker]");
        WebEndpointResponse<Map<String, Object>> action = actuator.act("scorer", "launch", null, alice);
        assertThat(action.getStatus()).isEqualTo(400);
        assertThat(error(action)).isEqualTo("action must be one of approve, pause, resume, promote, rollback, switch "
                + "but was 'launch'");
        assertThat(error(actuator.act("scorer", null, null, alice))).endsWith("but was 'null'");
        WebEndpointResponse<Map<String, Object>> reason = actuator.act("scorer", "approve", "bad\u0007reason", alice);
        assertThat(reason.getStatus()).isEqualTo(400);
        assertThat(error(reason)).contains("reason");
        assertThat(actuator.mlops()).containsKeys("time", "endpoints", "alerts", "jvm");
        assertThat(actuator.endpoint("ranker")).containsEntry("strategy", "blue-green");
        assertThat(actuator.endpoint("nothing")).isNull();
        assertThat(actuator.toString()).isEqualTo("MlopsActuatorEndpoint[scorer, ranker]");
    }
}

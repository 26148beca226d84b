/**
 * The Spring Boot fraud-scoring service: {@code POST /score}, {@code POST /feedback/{predictionId}},
 * a canary rollout driven by the closed loop, Actuator and the live dashboard, on the
 * {@code mlops-spring-boot-starter}. Run it with
 * {@code mvn -B -q -pl examples -am test-compile exec:java -Dexample.mainClass=org.mlops4j.examples.service.FraudScoringService}
 * and open {@code http://localhost:8080/mlops/dashboard}.
 */
package org.mlops4j.examples.service;

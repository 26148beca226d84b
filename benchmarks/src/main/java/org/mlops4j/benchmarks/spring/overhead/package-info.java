/**
 * The request-overhead measurement of the Spring Boot starter: one service with a plain route and
 * a monitored route on the same model, loaded by {@code wrk} from {@code benchmarks/scripts/spring-overhead.sh}.
 */
package org.mlops4j.benchmarks.spring.overhead;

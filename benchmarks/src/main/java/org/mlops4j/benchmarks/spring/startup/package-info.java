/**
 * The startup measurement of the Spring Boot starter: an empty web application that reports the
 * time from JVM start to {@code ApplicationReadyEvent}, run by {@code benchmarks/scripts/spring-startup.sh}
 * with and without {@code mlops-spring-boot-starter} on its class path.
 */
package org.mlops4j.benchmarks.spring.startup;

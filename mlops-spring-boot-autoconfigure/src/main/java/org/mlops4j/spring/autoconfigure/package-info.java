/**
 * Spring Boot auto-configuration of mlops4j: {@link org.mlops4j.spring.autoconfigure.MlopsStoreAutoConfiguration}
 * makes the tracker and the model registry from {@code mlops.store.*}
 * ({@link org.mlops4j.spring.autoconfigure.MlopsProperties}).
 */
package org.mlops4j.spring.autoconfigure;

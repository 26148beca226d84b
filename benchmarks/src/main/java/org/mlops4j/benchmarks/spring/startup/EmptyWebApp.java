package org.mlops4j.benchmarks.spring.startup;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An empty Spring Boot web application: no bean, no controller of its own. It starts, prints how
 * long it took, and exits. {@code benchmarks/scripts/spring-startup.sh} runs it in fresh JVMs on two
 * class paths that differ only by {@code mlops-spring-boot-starter}, so the difference of the two
 * medians is the startup time the starter adds with its defaults.
 *
 * <p>It prints one line, {@code startup jvmToReadyMs=... springReadyMs=... beans=... cpuMs=...}: the
 * time from the JVM's start ({@code RuntimeMXBean.getStartTime()}) to the {@link ApplicationReadyEvent},
 * Spring Boot's own measure of the same moment from {@code SpringApplication.run} (the event's
 * {@code getTimeTaken()}, what it logs as "Started ... in"), the number of beans in the context, and
 * the CPU time the process had used by then (every thread: the JIT compilers and GC too), which a
 * busy shared machine disturbs less than the elapsed time.
 */
@SpringBootApplication
public class EmptyWebApp {

    /**
     * Starts the application, prints the startup line to standard output and exits with status 0.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=0}
     */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(EmptyWebApp.class);
        long[] ready = new long[3];
        // Typed on ApplicationEvent: Spring cannot read a lambda's event type parameter.
        app.addListeners((ApplicationEvent event) -> {
            if (event instanceof ApplicationReadyEvent e) {
                ready[0] = System.currentTimeMillis();
                ready[1] = e.getTimeTaken() == null ? -1 : e.getTimeTaken().toMillis();
                ready[2] = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            }
        });
        ConfigurableApplicationContext context = app.run(args);
        long jvmToReady = ready[0] - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "startup jvmToReadyMs=%d springReadyMs=%d beans=%d cpuMs=%d%n", jvmToReady,
                ready[1], context.getBeanDefinitionCount(), ready[2]);
        System.exit(SpringApplication.exit(context));
    }
}

package org.mlops4j.monitoring.testlog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test-only SLF4J backend that keeps what is logged while a {@link Capture} is open, so that a
 * test can read the lines it caused. Named by the {@code slf4j.provider} system property in this
 * module's Surefire configuration (not by a service file, so that the test jar the benchmarks use
 * does not bring a second backend). Nothing is printed; with no capture open, events are discarded.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {

    private static final List<Capture> OPEN = new CopyOnWriteArrayList<>();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);

    /**
     * Starts capturing every event logged from any thread until the capture is closed.
     *
     * @return the open capture
     */
    public static Capture capture() {
        Capture capture = new Capture();
        OPEN.add(capture);
        return capture;
    }

    /** One logged event: its level, logger, formatted message and its throwable's string form. */
    public record Event(Level level, String logger, String message, String throwable) {

        /**
         * Returns the event as one line: level, logger, message and throwable.
         *
         * @return the line
         */
        public String line() {
            return level + " " + logger + " " + message + (throwable == null ? "" : " " + throwable);
        }
    }

    /** The events logged while it was open. */
    public static final class Capture implements AutoCloseable {

        private final List<Event> events = new CopyOnWriteArrayList<>();

        /**
         * Returns the events so far.
         *
         * @return a copy, in logging order
         */
        public List<Event> events() {
            return new ArrayList<>(events);
        }

        /**
         * Returns the events so far as lines ({@link Event#line()}).
         *
         * @return the lines, in logging order
         */
        public List<String> lines() {
            return events.stream().map(Event::line).toList();
        }

        @Override
        public void close() {
            OPEN.remove(this);
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to set up.
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return !OPEN.isEmpty();
        }

        @Override
        public boolean isDebugEnabled() {
            return !OPEN.isEmpty();
        }

        @Override
        public boolean isInfoEnabled() {
            return !OPEN.isEmpty();
        }

        @Override
        public boolean isWarnEnabled() {
            return !OPEN.isEmpty();
        }

        @Override
        public boolean isErrorEnabled() {
            return !OPEN.isEmpty();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            Event event = new Event(level, name, message, throwable == null ? null : throwable.toString());
            for (Capture capture : OPEN) {
                capture.events.add(event);
            }
        }
    }
}

package org.mlops4j.examples;

import java.util.Locale;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The examples' console: Tribuo's java.util.logging routed to SLF4J, a title, and section headers. */
final class ExampleOutput {

    private ExampleOutput() {
    }

    /**
     * Routes java.util.logging (Tribuo's training progress) to SLF4J, fixes number formatting to
     * the root locale, and prints the title underlined.
     *
     * @param title the example's title
     */
    static void start(String title) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Locale.setDefault(Locale.ROOT);
        System.out.println(title);
        System.out.println("=".repeat(title.length()));
    }

    /**
     * Prints a section header after a blank line.
     *
     * @param title the section's title
     */
    static void section(String title) {
        System.out.println();
        System.out.println(title);
        System.out.println("-".repeat(title.length()));
    }
}

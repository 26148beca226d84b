package org.mlops4j.tribuo;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Classes whose static initialisers record that they ran: named in a model file, they show
 * whether loading initialised a class (what {@code Class.forName} does) before refusing it.
 * Each is initialised at most once per JVM, so each test uses its own.
 */
final class ClassInitProbes {

    static final AtomicBoolean TOP_LEVEL_RAN = new AtomicBoolean();
    static final AtomicBoolean NESTED_RAN = new AtomicBoolean();
    static final AtomicBoolean EXTRA_ALLOWED_RAN = new AtomicBoolean();
    static final AtomicBoolean PROVENANCE_RAN = new AtomicBoolean();
    static final AtomicBoolean ENUM_RAN = new AtomicBoolean();

    private ClassInitProbes() {
    }

    /** Named as the model's class. */
    static final class TopLevel {
        static {
            TOP_LEVEL_RAN.set(true);
        }
    }

    /** Named as the class of a tensor deep inside a real model. */
    static final class Nested {
        static {
            NESTED_RAN.set(true);
        }
    }

    /** Named as the model's class, and put in the extra allow-list. */
    static final class ExtraAllowed {
        static {
            EXTRA_ALLOWED_RAN.set(true);
        }
    }

    /** Named as the provenance class of the model's provenance (OLCUT calls Class.forName on it). */
    static final class Provenance {
        static {
            PROVENANCE_RAN.set(true);
        }
    }

    /** Named as the enum class of an enum-valued provenance entry. */
    enum Enum {
        VALUE;

        static {
            ENUM_RAN.set(true);
        }
    }
}

package org.mlops4j.tracking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of a {@link WriteRing}, each side's on cache lines of its own. The producers' fields
 * (the tail they claim with a compare-and-set, their cached bound, and the sleeping writer they
 * read on every offer) and the writer's head, which it moves after every drain, are separated by
 * 128 bytes of padding on both sides (two lines, for CPUs that fetch lines in pairs). Padding is
 * laid out by inheritance, as in JCTools: the JVM places a superclass's fields before its
 * subclass's, so padding fields declared in the class between two counters stay between them.
 * (Since JDK 15 the JVM may put a small subclass field, such as the sleeping writer's reference,
 * into the gap after the object header: on the header's line, which nothing writes often either.)
 */
final class WriteRingFields {

    private WriteRingFields() {
    }

    /** Padding before the producers' fields. */
    @SuppressWarnings("unused")
    abstract static class TailPadBefore {
        private long p00;
        private long p01;
        private long p02;
        private long p03;
        private long p04;
        private long p05;
        private long p06;
        private long p07;
        private long p08;
        private long p09;
        private long p10;
        private long p11;
        private long p12;
        private long p13;
        private long p14;
        private long p15;
    }

    /** The producers' fields. */
    abstract static class Tail extends TailPadBefore {
        private static final VarHandle TAIL;

        static {
            try {
                TAIL = MethodHandles.lookup().findVarHandle(Tail.class, "tail", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The next position to claim, with the closed bit once closed. */
        volatile long tail;
        /**
         * The producers' cached bound on positions they may claim: {@code head + capacity} as last
         * read. Head only grows, so a stale bound is a safe one; producers read the head (a line the
         * writer keeps writing) only when a claim reaches the cached bound, not on every offer.
         */
        volatile long producerLimit;
        /** The writer thread while it sleeps on an empty queue, else null; read on every offer. */
        volatile Thread sleepingWriter;

        /** Claims or closes: compare-and-set of the tail. */
        final boolean casTail(long expected, long next) {
            return TAIL.compareAndSet(this, expected, next);
        }
    }

    /** Padding between the producers' fields and the writer's. */
    @SuppressWarnings("unused")
    abstract static class TailPadAfter extends Tail {
        private long q00;
        private long q01;
        private long q02;
        private long q03;
        private long q04;
        private long q05;
        private long q06;
        private long q07;
        private long q08;
        private long q09;
        private long q10;
        private long q11;
        private long q12;
        private long q13;
        private long q14;
        private long q15;
    }

    /** The writer's field. */
    abstract static class Head extends TailPadAfter {
        /** The next position the writer takes; written by the writer only. */
        volatile long head;
    }

    /** Padding after the writer's field. */
    @SuppressWarnings("unused")
    abstract static class HeadPad extends Head {
        private long r00;
        private long r01;
        private long r02;
        private long r03;
        private long r04;
        private long r05;
        private long r06;
        private long r07;
        private long r08;
        private long r09;
        private long r10;
        private long r11;
        private long r12;
        private long r13;
        private long r14;
        private long r15;
    }
}

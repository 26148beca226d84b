package org.mlops4j.monitoring.report;

import org.mlops4j.monitoring.WindowReference;
import org.mlops4j.monitoring.reference.ReferenceKind;

/** How a report names the reference of a monitor's window beside its drift check. */
final class ReferenceLabels {

    private ReferenceLabels() {
    }

    /**
     * @param r the window's reference, null when unknown
     * @return empty for a fixed reference outside a warm-up (the report's default), else ", vs ..." naming it
     */
    static String of(WindowReference r) {
        if (r == null || r.kind() == ReferenceKind.FIXED && !r.warmUp()) {
            return "";
        }
        return switch (r.kind()) {
            case SEASONAL -> ", vs slot " + r.slot() + " of the last " + r.merged() + " seasons";
            case ROLLING -> ", vs the last " + r.merged() + " windows";
            case FIXED -> ", vs the fixed reference (warming up)";
            default -> ", no reference yet (warming up)";
        };
    }
}

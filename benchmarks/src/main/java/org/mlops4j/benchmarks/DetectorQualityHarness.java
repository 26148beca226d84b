package org.mlops4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.AbstractChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.EDDM;
import moa.classifiers.core.driftdetection.HDDM_A_Test;
import moa.classifiers.core.driftdetection.PageHinkleyDM;
import org.mlops4j.monitoring.concept.AdwinConfig;
import org.mlops4j.monitoring.concept.ConceptDriftDetector;
import org.mlops4j.monitoring.concept.ConceptDriftDetectors;
import org.mlops4j.monitoring.concept.DdmConfig;
import org.mlops4j.monitoring.concept.DetectorQuality;
import org.mlops4j.monitoring.concept.EddmConfig;
import org.mlops4j.monitoring.concept.HddmAConfig;
import org.mlops4j.monitoring.concept.PageHinkleyConfig;
import org.mlops4j.monitoring.concept.QualityStream;

/**
 * Detection quality of our concept-drift detectors at their defaults against MOA's (2024.07.0, at
 * MOA's defaults) on the exact same values, in one run, with our detectors at River's defaults (each
 * config's {@code river()}, the defaults before issue 21) beside them: the six {@link QualityStream}s, 30 seeds
 * each, detection rate, mean delay and false alarms per stream ({@link DetectorQuality}). The
 * Gaussian streams go only to the detectors that take any real value (Page-Hinkley, ADWIN).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.DetectorQualityHarness}
 * prints the table; with {@code --write <file>} it also writes MOA's figures, per seed, to the
 * reference file that {@code MoaQualityTest} asserts our detectors against
 * ({@code mlops-monitoring/src/test/resources/concept/moa_quality.json}).
 */
public final class DetectorQualityHarness {

    static final String COMMAND = "mvn -B -o -q -pl benchmarks -am package -DskipTests -Dmlops.unpublished=true"
            + " && java -cp benchmarks/target/benchmarks.jar org.mlops4j.benchmarks.DetectorQualityHarness"
            + " --write mlops-monitoring/src/test/resources/concept/moa_quality.json";

    private DetectorQualityHarness() {
    }

    /** A detector of ours (at its defaults and at River's), and its MOA counterpart. */
    record Pair(String ours, Supplier<ConceptDriftDetector> detector, Supplier<ConceptDriftDetector> river,
            String moa, Supplier<AbstractChangeDetector> peer, boolean realValued) {
    }

    static List<Pair> pairs() {
        return List.of(
                new Pair("PageHinkley", ConceptDriftDetectors::pageHinkley,
                        () -> ConceptDriftDetectors.pageHinkley(PageHinkleyConfig.river()),
                        "PageHinkleyDM", PageHinkleyDM::new, true),
                new Pair("ADWIN", ConceptDriftDetectors::adwin, () -> ConceptDriftDetectors.adwin(AdwinConfig.river()),
                        "ADWINChangeDetector", ADWINChangeDetector::new, true),
                new Pair("DDM", ConceptDriftDetectors::ddm, () -> ConceptDriftDetectors.ddm(DdmConfig.river()),
                        "DDM", DDM::new, false),
                new Pair("EDDM", ConceptDriftDetectors::eddm, () -> ConceptDriftDetectors.eddm(EddmConfig.river()),
                        "EDDM", EDDM::new, false),
                new Pair("HDDM_A", ConceptDriftDetectors::hddmA, () -> ConceptDriftDetectors.hddmA(HddmAConfig.river()),
                        "HDDM_A_Test", HDDM_A_Test::new, false));
    }

    static Supplier<DetectorQuality.Alarm> moa(Supplier<AbstractChangeDetector> peer) {
        return () -> {
            AbstractChangeDetector d = peer.get();
            d.prepareForUse();
            return x -> {
                d.input(x);
                return d.getChange();
            };
        };
    }

    /**
     * Runs the harness.
     *
     * @param args optionally {@code --write <file>} for MOA's reference figures
     * @throws IOException if the reference file cannot be written
     */
    public static void main(String[] args) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("| Detector | Stream | Detection rate: ours / River's / MOA | Mean delay: ours / River's / MOA"
                + " | False alarms per stream: ours / River's / MOA |\n|---|---|---|---|---|\n");
        List<Map<String, Object>> reference = new ArrayList<>();
        for (QualityStream stream : QualityStream.values()) {
            for (Pair p : pairs()) {
                if (!stream.errors() && !p.realValued()) {
                    continue;
                }
                DetectorQuality.Result ours = DetectorQuality.run(p.ours(), stream, DetectorQuality.of(p.detector()));
                DetectorQuality.Result river = DetectorQuality.run(p.ours(), stream, DetectorQuality.of(p.river()));
                DetectorQuality.Result moa = DetectorQuality.run(p.moa(), stream, moa(p.peer()));
                table.append(String.format(Locale.ROOT, "| %s | %s | %s / %s / %s | %s / %s / %s | %.2f / %.2f / %.2f |%n",
                        p.ours(), stream, rate(ours), rate(river), rate(moa), delay(ours), delay(river), delay(moa),
                        ours.falseAlarmsPerStream(), river.falseAlarmsPerStream(), moa.falseAlarmsPerStream()));
                reference.add(entry(p, moa));
            }
        }
        System.out.print(table);
        if (args.length == 2 && args[0].equals("--write")) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("generatedBy", COMMAND);
            root.put("date", LocalDate.now(ZoneOffset.UTC).toString());
            root.put("peer", "nz.ac.waikato.cms.moa:moa:2024.07.0, detectors at MOA's defaults");
            root.put("streams", "QualityStream (mlops-monitoring test sources), seeds 1 to " + DetectorQuality.SEEDS);
            root.put("results", reference);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[1]).toFile(), root);
            Files.writeString(Path.of(args[1]), Files.readString(Path.of(args[1])) + "\n");
        } else if (args.length != 0) {
            throw new IllegalArgumentException("args must be empty or --write <file> but were " + List.of(args));
        }
    }

    private static String rate(DetectorQuality.Result r) {
        return r.stream().drifts() ? String.format(Locale.ROOT, "%.2f", r.detectionRate()) : "-";
    }

    private static String delay(DetectorQuality.Result r) {
        return Double.isNaN(r.meanDelay()) ? "-" : String.format(Locale.ROOT, "%.0f", r.meanDelay());
    }

    private static Map<String, Object> entry(Pair p, DetectorQuality.Result moa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", p.ours());
        m.put("moa", p.moa());
        m.put("stream", moa.stream().name());
        m.put("detectionRate", Double.isNaN(moa.detectionRate()) ? null : moa.detectionRate());
        m.put("meanDelay", Double.isNaN(moa.meanDelay()) ? null : moa.meanDelay());
        m.put("falseAlarmsPerStream", moa.falseAlarmsPerStream());
        m.put("delays", moa.delays());
        m.put("falseAlarms", moa.falseAlarms());
        return m;
    }
}

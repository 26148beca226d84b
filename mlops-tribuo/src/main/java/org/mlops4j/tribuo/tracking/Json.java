package org.mlops4j.tribuo.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/** Writes the JSON artifacts (provenance, confusion matrix): indented, for people to read. */
final class Json {

    /** Immutable and thread-safe once built, so one instance serves every run. */
    private static final ObjectWriter WRITER = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /**
     * Writes plain data (maps, lists, strings, numbers) as indented JSON.
     *
     * @param value the data
     * @return the JSON text
     * @throws IllegalArgumentException if the value holds something Jackson cannot write
     */
    static String pretty(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}

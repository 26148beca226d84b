package org.mlops4j.monitoring.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Turns a captured prediction's input, as written (its {@code input}, or {@code features} when the
 * log read features), back into the model's input type, for {@link CapturedData#read}.
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface InputDecoder<I> {

    /**
     * Decodes one input.
     *
     * @param json the input as JSON
     * @return the input, not null
     * @throws Exception when the JSON is not an input of this type; the reader skips the row and
     *     counts it, with the message, among the malformed lines
     */
    I decode(JsonNode json) throws Exception;

    /**
     * A decoder that binds the JSON to a type with Jackson ({@code double[].class}, a record, a
     * {@code Map.class}).
     *
     * @param type the input type
     * @param <I> the input type
     * @return the decoder
     * @throws NullPointerException if {@code type} is null
     */
    static <I> InputDecoder<I> of(Class<I> type) {
        Objects.requireNonNull(type, "type");
        ObjectMapper mapper = new ObjectMapper();
        return json -> mapper.treeToValue(json, type);
    }
}

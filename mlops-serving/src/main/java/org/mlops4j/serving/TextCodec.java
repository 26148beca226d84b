package org.mlops4j.serving;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values into text and back, for what a fleet keeps in its shared store: the inputs and model
 * answers of a shared {@link ReviewQueue}. {@code decode(encode(x))} must equal {@code x}. Null values
 * are stored as such and never reach a codec.
 *
 * @param <T> the value type
 */
public interface TextCodec<T> {

    /**
     * @param value the value, not null
     * @return its text, not null
     */
    String encode(T value);

    /**
     * @param text what {@link #encode} returned
     * @return the value
     * @throws RuntimeException if the text is not one {@link #encode} returns
     */
    T decode(String text);

    /**
     * A codec from two functions, for example a JSON mapper's write and read.
     *
     * @param encode value to text
     * @param decode text to value
     * @param <T> the value type
     * @return the codec
     */
    static <T> TextCodec<T> of(Function<? super T, String> encode, Function<String, ? extends T> decode) {
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(decode, "decode");
        return new TextCodec<>() {
            @Override
            public String encode(T value) {
                return encode.apply(value);
            }

            @Override
            public T decode(String text) {
                return decode.apply(text);
            }
        };
    }

    /** @return the codec of strings, which are their own text */
    static TextCodec<String> strings() {
        return of(s -> s, s -> s);
    }
}

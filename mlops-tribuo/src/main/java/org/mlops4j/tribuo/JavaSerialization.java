package org.mlops4j.tribuo;

/**
 * The explicit consent that {@link TribuoModels#loadJavaSerialized} requires.
 *
 * <p>Java object deserialization runs code chosen by whoever wrote the bytes: a crafted model file
 * can execute arbitrary code in the loading service before any check sees a model. mlops4j
 * therefore loads Tribuo's protobuf format by default and reads Java-serialized files (the format
 * of Tribuo before 4.3) only when the caller passes this token, and even then only after the
 * file's SHA-256 matched and through an allow-list filter of Tribuo, OLCUT and JDK classes, with
 * limits on arrays, depth, references and nested collections ({@link TribuoLoadConfig}).
 */
public enum JavaSerialization {
    /** The caller vouches that the file comes from a trusted source. */
    I_TRUST_THIS_FILE
}

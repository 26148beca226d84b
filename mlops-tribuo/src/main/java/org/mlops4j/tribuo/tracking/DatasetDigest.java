package org.mlops4j.tribuo.tracking;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;

/**
 * The SHA-256 of a dataset's content, so that a run records exactly which data it saw: identical
 * examples in the same order give the same digest, on any machine and in any Tribuo version that
 * prints outputs the same way. Stateless.
 *
 * <p>The digest covers, for each example in iteration order: the output's
 * {@code getSerializableForm(false)} (the label or regression values, without confidence), the
 * example's weight, the number of features, and each feature's name and value in the example's
 * order. Strings are written as their UTF-8 length then bytes, numbers in
 * {@link DataOutputStream} form (big-endian IEEE 754), so no two different datasets share an
 * encoding. Provenance (source description, creation time) is not included: it describes where
 * the data came from, not what it is.
 */
final class DatasetDigest {

    private DatasetDigest() {
    }

    /**
     * Computes the digest of a dataset.
     *
     * @param dataset the dataset
     * @return the lower-case hex SHA-256 (64 characters)
     */
    static String sha256(Dataset<?> dataset) {
        MessageDigest digest = newDigest();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest), 64 * 1024))) {
            for (Example<?> example : dataset) {
                writeString(out, example.getOutput().getSerializableForm(false));
                out.writeFloat(example.getWeight());
                out.writeInt(example.size());
                for (Feature feature : example) {
                    writeString(out, feature.getName());
                    out.writeDouble(feature.getValue());
                }
            }
        } catch (IOException e) {
            // Writing to a digest over a null stream does no I/O; this cannot happen.
            throw new UncheckedIOException("cannot digest dataset", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException("this JVM provides no SHA-256", e);
        }
    }
}

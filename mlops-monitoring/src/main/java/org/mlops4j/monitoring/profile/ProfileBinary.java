package org.mlops4j.monitoring.profile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.datasketches.common.SketchesException;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.FeatureType;
import org.mlops4j.core.schema.Schema;

/**
 * The compact binary form of a {@link ReferenceProfile}: what a service stores or ships, where
 * {@link ProfileJson} is what a person reads.
 *
 * <p>Layout, version {@value #VERSION} (integers marked var are unsigned LEB128 varints, doubles
 * are 8-byte big-endian IEEE 754 bits, strings a var length then UTF-8):
 * <pre>
 * magic "MLPF" (4 bytes) | version (1 byte) | rows (var) | quantileK (var) | maxCategories (var)
 * | flags (1 byte: bit 0 = schema allows unexpected features) | features (var)
 * per feature: name | type (1 byte: 0 numeric, 1 categorical, 2 boolean) | required (1 byte)
 *   | rangeMin, rangeMax (double) | allowed categories (var count, then strings)
 *   | missing (var) | invalid (var)
 *   numeric:     nonFinite (var) | min, max, mean, m2 (double) | KLL sketch (var length, then its
 *                own compact serialization)
 *   categorical: maxCategories (var) | other (var) | categories (var count, then name, count (var))
 * CRC-32 of everything before it (4 bytes, big-endian)
 * </pre>
 * The sketch bytes are the sketch's own, so a round trip keeps every retained item and every
 * quantile; doubles are stored bit for bit. A reader checks the magic, the version, the checksum
 * and every length against the bytes left before it reads a field, and names what is wrong.
 */
final class ProfileBinary {

    static final int VERSION = 1;
    private static final byte[] MAGIC = {'M', 'L', 'P', 'F'};
    private static final int CHECKSUM_BYTES = 4;
    private static final FeatureType[] TYPES = FeatureType.values();

    private ProfileBinary() {
    }

    static byte[] write(ReferenceProfile profile) {
        Out out = new Out();
        out.bytes(MAGIC);
        out.raw(VERSION);
        out.var(profile.rows());
        out.var(profile.config().quantileK());
        out.var(profile.config().maxCategories());
        out.raw(profile.schema().allowsUnexpectedFeatures() ? 1 : 0);
        out.var(profile.schema().features().size());
        for (FeatureProfile p : profile.profiles()) {
            writeFeature(out, p);
        }
        CRC32 crc = new CRC32();
        crc.update(out.buf(), 0, out.size());
        long sum = crc.getValue();
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.raw((int) (sum >>> shift));
        }
        return out.toByteArray();
    }

    private static void writeFeature(Out out, FeatureProfile p) {
        Feature f = p.feature();
        out.string(f.name());
        out.raw(f.type().ordinal());
        out.raw(f.required() ? 1 : 0);
        out.dbl(f.min());
        out.dbl(f.max());
        out.var(f.categories().size());
        for (String c : f.categories()) {
            out.string(c);
        }
        out.var(p.missing());
        out.var(p.invalid());
        if (p instanceof NumericProfile n) {
            out.var(n.nonFinite());
            out.dbl(n.min());
            out.dbl(n.max());
            out.dbl(n.valid() == 0 ? 0.0 : n.mean());
            out.dbl(n.m2());
            byte[] sketch = n.sketchBytes();
            out.var(sketch.length);
            out.bytes(sketch);
        } else {
            CategoricalProfile c = (CategoricalProfile) p;
            out.var(c.maxCategories());
            out.var(c.otherCount());
            Map<String, Long> counts = c.categoryCounts();
            out.var(counts.size());
            counts.forEach((k, v) -> {
                out.string(k);
                out.var(v);
            });
        }
    }

    static ReferenceProfile read(byte[] bytes) {
        In in = new In(bytes);
        if (bytes.length < MAGIC.length + 1 + CHECKSUM_BYTES) {
            throw new IllegalArgumentException("reference profile bytes are truncated: " + bytes.length
                    + " bytes is shorter than the " + (MAGIC.length + 1 + CHECKSUM_BYTES)
                    + " of a header and checksum");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("reference profile bytes must start with the magic \"MLPF\" but "
                        + "byte " + i + " was 0x" + Integer.toHexString(bytes[i] & 0xFF)
                        + " (not the binary form of a reference profile)");
            }
        }
        int version = bytes[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("reference profile bytes have version " + version
                    + " but this reader knows version " + VERSION + " only");
        }
        int body = bytes.length - CHECKSUM_BYTES;
        long stored = 0;
        for (int i = body; i < bytes.length; i++) {
            stored = (stored << 8) | (bytes[i] & 0xFF);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, body);
        if (crc.getValue() != stored) {
            throw new IllegalArgumentException("reference profile bytes are corrupt or truncated: checksum 0x"
                    + Long.toHexString(crc.getValue()) + " of the " + body + " bytes before it does not match the "
                    + "stored 0x" + Long.toHexString(stored));
        }
        in.limit = body;
        in.pos = MAGIC.length + 1;
        try {
            return readBody(in);
        } catch (SketchesException | IllegalArgumentException e) {
            throw new IllegalArgumentException("reference profile bytes are invalid: " + in.where + ": "
                    + e.getMessage(), e);
        }
    }

    private static ReferenceProfile readBody(In in) {
        in.where = "header";
        long rows = in.var("rows");
        ProfileConfig config = new ProfileConfig(in.intVar("quantileK"), in.intVar("maxCategories"));
        int flags = in.raw("flags");
        if ((flags & ~1) != 0) {
            throw new IllegalArgumentException("field 'flags' has unknown bits: 0x" + Integer.toHexString(flags));
        }
        int count = in.intVar("features");
        List<Feature> features = new ArrayList<>();
        List<FeatureProfile> profiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            in.where = "feature " + i;
            FeatureProfile p = readFeature(in);
            features.add(p.feature());
            profiles.add(p);
        }
        in.where = "end";
        if (in.pos != in.limit) {
            throw new IllegalArgumentException((in.limit - in.pos) + " bytes follow the last feature");
        }
        Schema schema = Schema.of(features);
        if ((flags & 1) != 0) {
            schema = schema.allowingUnexpectedFeatures();
        }
        return new ReferenceProfile(schema, config, profiles, rows);
    }

    private static FeatureProfile readFeature(In in) {
        String name = in.string("name");
        in.where = in.where + " ('" + name + "')";
        int typeCode = in.raw("type");
        if (typeCode >= TYPES.length) {
            throw new IllegalArgumentException("field 'type' must be 0 to " + (TYPES.length - 1) + " but was "
                    + typeCode);
        }
        FeatureType type = TYPES[typeCode];
        int required = in.raw("required");
        if (required > 1) {
            throw new IllegalArgumentException("field 'required' must be 0 or 1 but was " + required);
        }
        double rangeMin = in.dbl("rangeMin");
        double rangeMax = in.dbl("rangeMax");
        int allowed = in.intVar("allowedCategories");
        Set<String> categories = new LinkedHashSet<>();
        for (int i = 0; i < allowed; i++) {
            categories.add(in.string("allowedCategories"));
        }
        Feature feature = new Feature(name, type, required == 1, rangeMin, rangeMax, categories);
        long missing = in.var("missing");
        long invalid = in.var("invalid");
        if (type == FeatureType.NUMERIC) {
            long nonFinite = in.var("nonFinite");
            double min = in.dbl("min");
            double max = in.dbl("max");
            double mean = in.dbl("mean");
            double m2 = in.dbl("m2");
            byte[] sketch = in.bytes("kll", in.intVar("kll length"));
            try {
                return NumericProfile.restore(feature, missing, invalid, nonFinite, min, max, mean, m2, sketch);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                // DataSketches reports a malformed sketch with several exception types.
                throw new IllegalArgumentException("field 'kll' is not a valid KLL sketch (" + e + ")", e);
            }
        }
        int maxCategories = in.intVar("maxCategories");
        long other = in.var("other");
        int n = in.intVar("categories");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String category = in.string("category");
            if (counts.put(category, in.var("count of '" + category + "'")) != null) {
                throw new IllegalArgumentException("category '" + category + "' appears twice");
            }
        }
        return CategoricalProfile.restore(feature, maxCategories, missing, invalid, other, counts);
    }

    /** A growable output buffer. */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(4096);
        }

        byte[] buf() {
            return buf;
        }

        void raw(int b) {
            write(b & 0xFF);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void var(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                raw((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            raw((int) v);
        }

        void dbl(double value) {
            long bits = Double.doubleToRawLongBits(value);
            for (int shift = 56; shift >= 0; shift -= 8) {
                raw((int) (bits >>> shift));
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            var(b.length);
            bytes(b);
        }
    }

    /** A cursor over the body, which checks every read against the bytes left. */
    private static final class In {
        final byte[] bytes;
        int pos;
        int limit;
        /** The part being read, for messages. */
        String where = "header";

        In(byte[] bytes) {
            this.bytes = bytes;
            this.limit = bytes.length;
        }

        private void need(String field, long n) {
            if (n > limit - pos) {
                throw new IllegalArgumentException("field '" + field + "' needs " + n + " bytes at offset " + pos
                        + " but only " + (limit - pos) + " remain");
            }
        }

        int raw(String field) {
            need(field, 1);
            return bytes[pos++] & 0xFF;
        }

        long var(String field) {
            long value = 0;
            // At most 10 bytes of 7 bits; the tenth holds bit 63 alone.
            for (int i = 0; i < 10; i++) {
                int b = raw(field);
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    if (i == 9 && b > 1) {
                        break;
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("field '" + field + "' is not a valid varint (more than 64 bits)");
        }

        int intVar(String field) {
            long v = var(field);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("field '" + field + "' must be at most " + Integer.MAX_VALUE
                        + " but was " + Long.toUnsignedString(v));
            }
            return (int) v;
        }

        double dbl(String field) {
            need(field, Double.BYTES);
            long bits = 0;
            for (int i = 0; i < Double.BYTES; i++) {
                bits = (bits << 8) | (bytes[pos++] & 0xFF);
            }
            return Double.longBitsToDouble(bits);
        }

        byte[] bytes(String field, int n) {
            need(field, n);
            byte[] out = new byte[n];
            System.arraycopy(bytes, pos, out, 0, n);
            pos += n;
            return out;
        }

        String string(String field) {
            int n = intVar(field + " length");
            need(field, n);
            String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}

package org.mlops4j.monitoring.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;
import org.mlops4j.monitoring.drift.DatasetDriftReport;
import org.mlops4j.monitoring.drift.Verdict;

class ProfileBinaryTest {

    private static final Schema SCHEMA = Schema.of(
            Feature.numeric("x"),
            Feature.categorical("colour", Set.of("red", "green", "blue")),
            Feature.bool("flag"),
            Feature.numeric("age").withRange(0, 120).optional());

    /** 50,000 rows: x ~ N(5 + shift, 2), colours, booleans, age with 10% missing, NaNs and a string now and then. */
    private static List<Map<String, Object>> rows(long seed, int n, double shift) {
        Random random = new Random(seed);
        String[] colours = {"red", "green", "blue", "violet"};
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("x", random.nextGaussian() * 2 + 5 + shift);
            row.put("colour", colours[random.nextInt(i % 50 == 0 ? 4 : 3)]);
            row.put("flag", i % 333 == 0 ? "yes" : random.nextBoolean());
            if (i % 10 != 0) {
                row.put("age", i % 97 == 0 ? Double.NaN : (i % 101 == 0 ? "old" : (double) random.nextInt(90)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static final ReferenceProfile PROFILE = ReferenceProfile.of(SCHEMA, rows(5, 50_000, 0.0));

    @Test
    void binaryRoundTripKeepsEveryStatisticBitForBit() {
        ReferenceProfile read = ReferenceProfile.fromBytes(PROFILE.toBytes());

        assertThat(read.schema()).isEqualTo(SCHEMA);
        assertThat(read.rows()).isEqualTo(50_000);
        assertThat(read.config()).isEqualTo(PROFILE.config());
        for (String name : List.of("x", "age")) {
            FeatureProfile a = PROFILE.feature(name).orElseThrow();
            FeatureProfile b = read.feature(name).orElseThrow();
            assertThat(b.count()).isEqualTo(a.count()).isEqualTo(50_000);
            assertThat(b.missing()).isEqualTo(a.missing());
            assertThat(b.nonFinite()).isEqualTo(a.nonFinite());
            assertThat(b.invalid()).isEqualTo(a.invalid());
            assertThat(b.valid()).isEqualTo(a.valid());
            assertThat(b.min()).isEqualTo(a.min());
            assertThat(b.max()).isEqualTo(a.max());
            assertThat(b.mean()).isEqualTo(a.mean());
            assertThat(b.variance()).isEqualTo(a.variance());
            assertThat(b.psiEdges()).containsExactly(a.psiEdges());
            for (int i = 0; i <= 100; i++) {
                assertThat(b.quantile(i / 100.0)).isEqualTo(a.quantile(i / 100.0));
            }
            assertThat(((NumericProfile) read.featureView(name)).sketchBytes())
                    .isEqualTo(((NumericProfile) PROFILE.featureView(name)).sketchBytes());
        }
        // The rows' own figures: every 10th age missing, else NaN at multiples of 97 (516 - 52) and "old" at
        // multiples of 101 that are neither (496 - 50 - 5).
        FeatureProfile age = read.feature("age").orElseThrow();
        assertThat(age.missing()).isEqualTo(5_000);
        assertThat(age.nonFinite()).isEqualTo(464);
        assertThat(age.invalid()).isEqualTo(441);
        for (String name : List.of("colour", "flag")) {
            FeatureProfile a = PROFILE.feature(name).orElseThrow();
            FeatureProfile b = read.feature(name).orElseThrow();
            assertThat(b.categoryCounts()).isEqualTo(a.categoryCounts());
            assertThat(b.otherCount()).isEqualTo(a.otherCount());
            assertThat(b.missing()).isEqualTo(a.missing());
            assertThat(b.invalid()).isEqualTo(a.invalid());
        }
        assertThat(read.feature("colour").orElseThrow().categoryCounts()).containsKey("violet");
        assertThat(read.feature("flag").orElseThrow().invalid()).isEqualTo(151);
        assertThat(read.toJson()).isEqualTo(PROFILE.toJson());
        assertThat(read.toBytes()).isEqualTo(PROFILE.toBytes());
    }

    @Test
    void roundTrippedReferenceReachesTheSameDriftDecisions() {
        WindowDriftCheck check = WindowDriftCheck.ofDefaults();
        ReferenceProfile read = ReferenceProfile.fromBytes(PROFILE.toBytes());
        for (double shift : new double[] {0.0, 1.0}) {
            SampledProfile window = SampledProfile.of(SCHEMA, rows(9, 2_000, shift), WindowConfig.ofDefaults());

            DatasetDriftReport original = check.compare(PROFILE, window);
            DatasetDriftReport roundTripped = check.compare(read, window);

            assertThat(roundTripped).isEqualTo(original);
            assertThat(roundTripped.driftedFeatures()).isEqualTo(shift == 0.0 ? List.of() : List.of("x"));
        }
        assertThat(check.compare(read, SampledProfile.of(SCHEMA, rows(9, 2_000, 1.0), WindowConfig.ofDefaults()))
                .verdict()).isNotEqualTo(Verdict.INSUFFICIENT_DATA);
    }

    @Test
    void roundTripOfAnEmptyProfileKeepsItsNaNStatistics() {
        Schema schema = Schema.of(Feature.numeric("x").optional(), Feature.anyCategory("c"))
                .allowingUnexpectedFeatures();
        ReferenceProfile empty = ReferenceProfile.builder(schema, new ProfileConfig(16, 3))
                .update(Map.of()).update(Map.of()).build();

        ReferenceProfile read = ReferenceProfile.fromBytes(empty.toBytes());

        assertThat(read.schema()).isEqualTo(schema);
        assertThat(read.schema().allowsUnexpectedFeatures()).isTrue();
        assertThat(read.config()).isEqualTo(new ProfileConfig(16, 3));
        assertThat(read.feature("x").orElseThrow().missing()).isEqualTo(2);
        assertThat(read.feature("x").orElseThrow().mean()).isNaN();
        assertThat(read.feature("x").orElseThrow().min()).isNaN();
        assertThat(read.feature("c").orElseThrow().missing()).isEqualTo(2);
    }

    @Test
    void binaryFormIsWithinATenthOfTheSketchesAndRawCountsOwnSize() {
        int floor = 0;
        for (FeatureProfile p : PROFILE.profiles()) {
            if (p instanceof NumericProfile n) {
                // The sketch's own bytes, then min, max, mean, M2 and missing, invalid, non-finite raw.
                floor += n.sketchBytes().length + 4 * Double.BYTES + 3 * Long.BYTES;
            } else {
                // Missing, invalid, other, then each category's UTF-8 name and raw count.
                floor += 3 * Long.BYTES;
                for (String c : p.categoryCounts().keySet()) {
                    floor += c.getBytes(StandardCharsets.UTF_8).length + Long.BYTES;
                }
            }
        }
        int binary = PROFILE.toBytes().length;
        int json = PROFILE.toJson().getBytes(StandardCharsets.UTF_8).length;

        assertThat((double) binary / floor).isLessThanOrEqualTo(1.1);
        assertThat((double) json / floor).isGreaterThan(1.3);
    }

    @Test
    void rejectsBytesThatAreNotAProfile() {
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes are truncated: 0 bytes is shorter than the 9 of a header and "
                        + "checksum");
        byte[] json = PROFILE.toJson().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes must start with the magic \"MLPF\" but byte 0 was 0x7b (not the "
                        + "binary form of a reference profile)");
        byte[] almost = PROFILE.toBytes();
        almost[3] = 'G';
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(almost)).hasMessageContaining("byte 3 was 0x47");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("bytes");
    }

    @Test
    void rejectsAnUnknownVersionNamingIt() {
        byte[] bytes = PROFILE.toBytes();
        bytes[4] = 2;

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes have version 2 but this reader knows version 1 only");
    }

    @Test
    void rejectsCorruptOrTruncatedBytesByTheirChecksum() {
        byte[] bytes = PROFILE.toBytes();
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 100);

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(flipped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reference profile bytes are corrupt or truncated: checksum 0x")
                .hasMessageContaining("of the " + (bytes.length - 4) + " bytes before it does not match the stored 0x");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt or truncated");
        // One byte short of the smallest possible profile is caught before the checksum is read.
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(Arrays.copyOf(bytes, 8)))
                .hasMessageContaining("8 bytes is shorter than the 9");
    }

    /** The offset of feature 0's type byte: magic, version, rows (3-byte varint), k and maxCategories (2 each), flags, count, name. */
    private static final int FIRST_TYPE = 4 + 1 + 3 + 2 + 2 + 1 + 1 + 2;

    @Test
    void namesTheFeatureAndFieldOfAnInvalidValueBehindAValidChecksum() {
        byte[] bytes = PROFILE.toBytes();
        assertThat(bytes[FIRST_TYPE - 2]).isEqualTo((byte) 1);
        assertThat(bytes[FIRST_TYPE - 1]).isEqualTo((byte) 'x');

        byte[] badType = body(bytes);
        badType[FIRST_TYPE] = 3;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(badType))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes are invalid: feature 0 ('x'): field 'type' must be 0 to 2 but was 3");

        byte[] badRequired = body(bytes);
        badRequired[FIRST_TYPE + 1] = 2;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(badRequired)))
                .hasMessage("reference profile bytes are invalid: feature 0 ('x'): field 'required' must be 0 or 1 but "
                        + "was 2");

        byte[] badFlags = body(bytes);
        badFlags[4 + 1 + 3 + 2 + 2] = 4;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(badFlags)))
                .hasMessage("reference profile bytes are invalid: header: field 'flags' has unknown bits: 0x4");

        // Feature 0's sketch starts after type, required, two ranges, no categories, missing, invalid,
        // nonFinite, four doubles and its length (a 2-byte varint): garbage there is not a KLL sketch.
        byte[] badSketch = body(bytes);
        int sketch = FIRST_TYPE + 2 + 16 + 1 + 1 + 1 + 1 + 32 + 2;
        Arrays.fill(badSketch, sketch, sketch + 8, (byte) 0x7F);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(badSketch)))
                .hasMessageStartingWith("reference profile bytes are invalid: feature 0 ('x'): field 'kll' is not a "
                        + "valid KLL sketch");
    }

    @Test
    void namesTheFieldThatRunsPastTheEndBehindAValidChecksum() {
        byte[] bytes = PROFILE.toBytes();
        byte[] cut = Arrays.copyOf(body(bytes), FIRST_TYPE + 10);

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(cut))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes are invalid: feature 0 ('x'): field 'rangeMax' needs 8 bytes at "
                        + "offset " + (FIRST_TYPE + 10) + " but only 0 remain");

        byte[] longer = Arrays.copyOf(body(bytes), bytes.length - 4 + 3);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(longer)))
                .hasMessage("reference profile bytes are invalid: end: 3 bytes follow the last feature");

        byte[] badCount = body(bytes);
        // The feature count, a 1-byte varint (4) made an unterminated 10-byte one: not a varint.
        byte[] header = Arrays.copyOf(badCount, FIRST_TYPE - 3);
        byte[] unterminated = new byte[header.length + 10];
        System.arraycopy(header, 0, unterminated, 0, header.length);
        Arrays.fill(unterminated, header.length, unterminated.length, (byte) 0xFF);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(unterminated)))
                .hasMessage("reference profile bytes are invalid: header: field 'features' is not a valid varint "
                        + "(more than 64 bits)");
    }

    @Test
    void namesEveryKindOfFieldThatRunsPastTheEnd() {
        byte[] body = body(PROFILE.toBytes());
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(new byte[] {'M', 'L', 'P', 'F', 1})))
                .hasMessage("reference profile bytes are invalid: header: field 'rows' needs 1 bytes at offset 5 but "
                        + "only 0 remain");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(Arrays.copyOf(body, FIRST_TYPE))))
                .hasMessage("reference profile bytes are invalid: feature 0 ('x'): field 'type' needs 1 bytes at offset "
                        + FIRST_TYPE + " but only 0 remain");
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(Arrays.copyOf(body, FIRST_TYPE - 1))))
                .hasMessage("reference profile bytes are invalid: feature 0: field 'name' needs 1 bytes at offset "
                        + (FIRST_TYPE - 1) + " but only 0 remain");
        int sketch = FIRST_TYPE + 2 + 16 + 1 + 1 + 1 + 1 + 32 + 2;
        int sketchLength = (body[sketch - 2] & 0x7F) | (body[sketch - 1] & 0x7F) << 7;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(Arrays.copyOf(body, sketch + 10))))
                .hasMessage("reference profile bytes are invalid: feature 0 ('x'): field 'kll' needs " + sketchLength
                        + " bytes at offset " + sketch + " but only 10 remain");
    }

    @Test
    void rejectsVarintsOutOfRange() {
        byte[] header = {'M', 'L', 'P', 'F', 1};
        byte[] tenBytesOverflowing = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 2};
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(concat(header, tenBytesOverflowing))))
                .hasMessage("reference profile bytes are invalid: header: field 'rows' is not a valid varint (more than "
                        + "64 bits)");
        byte[] minusOne = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(concat(header, minusOne))))
                .hasMessageStartingWith("reference profile bytes are invalid: header: field 'quantileK' needs 1 bytes");
        byte[] rowsKAndMinusOne = concat(header, new byte[] {3, (byte) 0xC8, 1}, minusOne);
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(rowsKAndMinusOne)))
                .hasMessage("reference profile bytes are invalid: header: field 'maxCategories' must be at most "
                        + "2147483647 but was 18446744073709551615");
        byte[] twoToThe31 = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 8};
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(concat(header, new byte[] {3, (byte) 0xC8, 1},
                twoToThe31)))).hasMessage("reference profile bytes are invalid: header: field 'maxCategories' must be at "
                        + "most 2147483647 but was 2147483648");
        byte[] maxInt = {-1, -1, -1, -1, 7};
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(concat(header, new byte[] {3, (byte) 0xC8, 1},
                maxInt)))).hasMessage("reference profile bytes are invalid: header: field 'flags' needs 1 bytes at offset "
                        + "13 but only 0 remain");
    }

    @Test
    void rejectsACategoryCountedTwice() {
        ReferenceProfile colours = ReferenceProfile.of(Schema.of(Feature.anyCategory("c")),
                List.of(Map.of("c", "a"), Map.of("c", "a"), Map.of("c", "b")));
        byte[] body = body(colours.toBytes());
        // Header (12 bytes), name, type, required, ranges, no allowed categories, missing, invalid,
        // maxCategories (2 bytes), other, then 2 categories: "a" x 2 at 39, "b" x 1 at 42.
        assertThat(Arrays.copyOfRange(body, 38, 45)).containsExactly(2, 1, 'a', 2, 1, 'b', 1);
        body[43] = 'a';

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(body)))
                .hasMessage("reference profile bytes are invalid: feature 0 ('c'): category 'a' appears twice");
    }

    @Test
    void aFeatureReadBackFromAnEmptyProfileStillUpdates() {
        ReferenceProfile empty = ReferenceProfile.builder(Schema.of(Feature.numeric("x").optional())).build();
        FeatureProfile x = ReferenceProfile.fromBytes(empty.toBytes()).feature("x").orElseThrow();

        x.update(3.0);
        x.update(5.0);

        assertThat(x.mean()).isEqualTo(4.0);
        assertThat(x.variance()).isEqualTo(2.0);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void rejectsCountsThatDisagreeBehindAValidChecksum() {
        byte[] body = body(PROFILE.toBytes());
        // Rows 50,000 as a 3-byte varint (0xD0 0x86 0x03) made 50,001.
        assertThat(Arrays.copyOfRange(body, 5, 8)).containsExactly(0xD0, 0x86, 0x03);
        body[5] = (byte) 0xD1;

        assertThatThrownBy(() -> ReferenceProfile.fromBytes(sealed(body))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference profile bytes are invalid: end: feature 'x' must have one value per row (50001) "
                        + "but has 50000");
    }

    private static byte[] body(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    /** Appends a valid CRC-32, as the writer does, so that the reader gets past the checksum. */
    private static byte[] sealed(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        long sum = crc.getValue();
        byte[] out = Arrays.copyOf(body, body.length + 4);
        for (int i = 0; i < 4; i++) {
            out[body.length + i] = (byte) (sum >>> (24 - 8 * i));
        }
        return out;
    }
}

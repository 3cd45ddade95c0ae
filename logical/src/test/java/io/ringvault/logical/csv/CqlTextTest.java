package io.ringvault.logical.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CqlTextTest {
    private final CqlText text = new CqlText("<null>");

    private static final UserDefinedType POINT = new UserDefinedTypeBuilder(
                    CqlIdentifier.fromInternal("ks"), CqlIdentifier.fromInternal("point"))
            .withField(CqlIdentifier.fromInternal("x"), DataTypes.DOUBLE)
            .withField(CqlIdentifier.fromInternal("y"), DataTypes.DOUBLE)
            .withField(CqlIdentifier.fromInternal("label"), DataTypes.TEXT)
            .build();
    private static final TupleType TUPLE = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.DOUBLE);

    /** Values as cqlsh 6.2.2 wrote them in src/test/resources/cqlsh/every_type.csv, parsed to what was inserted. */
    @Test
    void shouldParseWhatCqlshWrites() throws Exception {
        assertThat(text.parse(DataTypes.BLOB, "0xcafebabe"))
                .isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe}));
        assertThat(text.parse(DataTypes.BLOB, "0x")).isEqualTo(ByteBuffer.allocate(0));
        assertThat(text.parse(DataTypes.BOOLEAN, "True")).isEqualTo(true);
        assertThat(text.parse(DataTypes.BOOLEAN, "False")).isEqualTo(false);
        assertThat(text.parse(DataTypes.TIMESTAMP, "2024-01-02 03:04:05.678+0000"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(text.parse(DataTypes.TIMESTAMP, "2024-01-02 03:04:05.678000+0000"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(text.parse(DataTypes.TIMESTAMP, "2024-01-02 05:04:05+0200"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(text.parse(DataTypes.TIMESTAMP, "2024-01-02T03:04:05.6Z"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.600Z"));
        assertThat(text.parse(DataTypes.TIMESTAMP, "2024-01-02")).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(text.parse(DataTypes.TIMESTAMP, "1704164645678"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(text.parse(DataTypes.DATE, "1969-12-31")).isEqualTo(LocalDate.of(1969, 12, 31));
        assertThat(text.parse(DataTypes.TIME, "03:04:05.123456789")).isEqualTo(LocalTime.of(3, 4, 5, 123456789));
        assertThat(text.parse(DataTypes.DURATION, "1y2mo25d5h6m7s8ms9us10ns"))
                .isEqualTo(CqlDuration.from("1y2mo25d5h6m7s8ms9us10ns"));
        assertThat(text.parse(DataTypes.DURATION, "-3d")).isEqualTo(CqlDuration.newInstance(0, -3, 0));
        assertThat(text.parse(DataTypes.INET, "::1")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(text.parse(DataTypes.DOUBLE, "-1e+300")).isEqualTo(-1e300);
        assertThat(text.parse(DataTypes.DOUBLE, "NaN")).isEqualTo(Double.NaN);
        assertThat(text.parse(DataTypes.FLOAT, "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(text.parse(DataTypes.FLOAT, "1e+06")).isEqualTo(1e6f);
        assertThat(text.parse(DataTypes.DECIMAL, "1E+10")).isEqualTo(new BigDecimal("1E+10"));
        assertThat(text.parse(DataTypes.VARINT, "123456789012345678901234567890"))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(text.parse(DataTypes.BIGINT, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(text.parse(DataTypes.UUID, "123e4567-e89b-12d3-a456-426614174000"))
                .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(text.parse(DataTypes.TEXT, "say \"hi\", then\\nleave")).isEqualTo("say \"hi\", then\nleave");
        assertThat(text.parse(DataTypes.TEXT, "back\\\\slash\\ttab\\x07")).isEqualTo("back\\slash\ttab\u0007");
        assertThat(text.parse(DataTypes.TEXT, "")).isEqualTo("");
        assertThat(text.parse(DataTypes.INT, "")).isNull();

        assertThat(text.parse(DataTypes.listOf(DataTypes.TEXT), "['with, comma', 'with ''quote''', 'with \"dq\"']"))
                .isEqualTo(List.of("with, comma", "with 'quote'", "with \"dq\""));
        assertThat(text.parse(DataTypes.mapOf(DataTypes.TEXT, DataTypes.INT), "{'a:b': 0, 'it''s': -1}"))
                .isEqualTo(Map.of("a:b", 0, "it's", -1));
        assertThat(text.parse(DataTypes.setOf(DataTypes.INT), "{-1}")).isEqualTo(Set.of(-1));
        assertThat(text.parse(
                        DataTypes.frozenListOf(DataTypes.frozenMapOf(DataTypes.INT, DataTypes.TEXT)),
                        "[{1: 'x'}, {2: 'y', 3: 'z'}]"))
                .isEqualTo(List.of(Map.of(1, "x"), Map.of(2, "y", 3, "z")));
        assertThat(text.parse(DataTypes.vectorOf(DataTypes.FLOAT, 3), "[1.5, -2, 0.125]"))
                .isEqualTo(CqlVector.newInstance(1.5f, -2f, 0.125f));

        TupleValue tuple = (TupleValue) text.parse(TUPLE, "(-7, 'x, \"y\"', -0.5)");
        assertThat(tuple.getInt(0)).isEqualTo(-7);
        assertThat(tuple.getString(1)).isEqualTo("x, \"y\"");
        assertThat(tuple.getDouble(2)).isEqualTo(-0.5);

        UdtValue point = (UdtValue) text.parse(POINT, "{x: -0, y: 1e+10, label: 'a, \"b\"'}");
        assertThat(point.getDouble("x")).isEqualTo(-0.0);
        assertThat(point.getDouble("y")).isEqualTo(1e10);
        assertThat(point.getString("label")).isEqualTo("a, \"b\"");
        // cqlsh writes a null field of a UDT as its null marker, or as nothing when the marker is empty.
        for (String literal : List.of("{x: 3, y: <null>, label: <null>}", "{x: 3, y: , label: }", "{x: 3}")) {
            UdtValue partial = (UdtValue) text.parse(POINT, literal);
            assertThat(partial.getDouble("x")).as(literal).isEqualTo(3.0);
            assertThat(partial.isNull("y")).as(literal).isTrue();
            assertThat(partial.isNull("label")).as(literal).isTrue();
        }
    }

    @Test
    void shouldFormatEveryTypeAsCqlshAndParseItBack() throws Exception {
        UdtValue point = POINT.newValue(0.1, null, "it's");
        TupleValue tuple = TUPLE.newValue(1, "a,b", 0.1);
        Map<DataType, Object> values = new LinkedHashMap<>();
        values.put(DataTypes.ASCII, "plain");
        values.put(DataTypes.TEXT, "line\nbreak \\ tab\t quote' dq\" \u0001 \u00a0 ✓");
        values.put(DataTypes.BIGINT, Long.MAX_VALUE);
        values.put(DataTypes.INT, Integer.MIN_VALUE);
        values.put(DataTypes.SMALLINT, (short) -5);
        values.put(DataTypes.TINYINT, (byte) 7);
        values.put(DataTypes.VARINT, new BigInteger("-123456789012345678901234567890"));
        values.put(DataTypes.DECIMAL, new BigDecimal("-1.23E-7"));
        values.put(DataTypes.DOUBLE, 0.1 + 0.2);
        values.put(DataTypes.FLOAT, 3.14159265f);
        values.put(DataTypes.BOOLEAN, true);
        values.put(DataTypes.BLOB, ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}));
        values.put(DataTypes.UUID, UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f"));
        values.put(DataTypes.TIMESTAMP, Instant.parse("1960-06-15T23:59:59.001Z"));
        values.put(DataTypes.DATE, LocalDate.of(2024, 2, 29));
        values.put(DataTypes.TIME, LocalTime.of(23, 59, 59, 999_999_999));
        values.put(DataTypes.INET, InetAddress.getByName("2001:db8::8a2e:370:7334"));
        values.put(DataTypes.DURATION, CqlDuration.from("1y2mo3w4d5h6m7s8ms9us10ns"));
        values.put(DataTypes.listOf(DataTypes.TIMESTAMP), List.of(Instant.parse("2024-01-02T03:04:05.678Z")));
        Set<InetAddress> addresses = new LinkedHashSet<>(List.of(InetAddress.getByName("10.0.0.1")));
        values.put(DataTypes.setOf(DataTypes.INET), addresses);
        values.put(
                DataTypes.mapOf(DataTypes.TEXT, DataTypes.frozenListOf(DataTypes.DATE)),
                Map.of("k: v, 'q'", List.of(LocalDate.of(2000, 1, 1))));
        values.put(
                DataTypes.mapOf(DataTypes.BLOB, DataTypes.TIME),
                Map.of(ByteBuffer.wrap(new byte[] {1}), LocalTime.of(1, 2, 3)));
        values.put(TUPLE, tuple);
        values.put(POINT, point);
        values.put(DataTypes.vectorOf(DataTypes.FLOAT, 3), CqlVector.newInstance(0.1f, -2.5f, 1e-30f));
        for (Map.Entry<DataType, Object> entry : values.entrySet()) {
            String formatted = text.format(entry.getKey(), entry.getValue());
            Object parsed = text.parse(entry.getKey(), formatted);
            assertThat(parsed).as(entry.getKey() + " as " + formatted).isEqualTo(entry.getValue());
        }
        assertThat(text.format(DataTypes.BLOB, values.get(DataTypes.BLOB))).isEqualTo("0x0001ff");
        assertThat(text.format(DataTypes.TIMESTAMP, values.get(DataTypes.TIMESTAMP)))
                .isEqualTo("1960-06-15 23:59:59.001+0000");
        assertThat(text.format(DataTypes.BOOLEAN, true)).isEqualTo("True");
        assertThat(text.format(DataTypes.listOf(DataTypes.TEXT), List.of("it's", "a\nb")))
                .isEqualTo("['it''s', 'a\\nb']");
        assertThat(text.format(POINT, POINT.newValue(1.5, null, "p"))).isEqualTo("{x: 1.5, y: null, label: 'p'}");
        assertThat(text.format(TUPLE, TUPLE.newValue(1, "one", 2.5))).isEqualTo("(1, 'one', 2.5)");
        assertThat(text.format(DataTypes.TIME, LocalTime.MIDNIGHT)).isEqualTo("00:00:00.000000000");
    }

    @Test
    void shouldWriteIpv6AddressesShortAsCqlshDoes() throws Exception {
        for (String address : List.of(
                "::1",
                "::",
                "2001:db8::8a2e:370:7334",
                "1::",
                "1:0:0:2::3",
                "fe80::1:0:0:1",
                "1:2:3:4:5:6:7:8",
                "127.0.0.1")) {
            assertThat(CqlText.inet(InetAddress.getByName(address))).isEqualTo(address);
        }
    }

    @Test
    void shouldKeepFloatsAndDoublesExact() {
        for (double value :
                new double[] {0.1, 1.0 / 3, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 123456789.123456789}) {
            assertThat(text.parse(DataTypes.DOUBLE, text.format(DataTypes.DOUBLE, value)))
                    .isEqualTo(value);
        }
        for (float value : new float[] {0.1f, 1.0f / 3, Float.MIN_VALUE, Float.MAX_VALUE, 3.14159265f}) {
            assertThat(text.parse(DataTypes.FLOAT, text.format(DataTypes.FLOAT, value)))
                    .isEqualTo(value);
        }
        assertThat(text.format(DataTypes.DOUBLE, Double.NaN)).isEqualTo("NaN");
        assertThat(text.format(DataTypes.DOUBLE, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void shouldRejectMalformedValuesSayingWhy() {
        assertThatThrownBy(() -> text.parse(DataTypes.INT, "12x")).hasMessageContaining("'12x' is not a int");
        assertThatThrownBy(() -> text.parse(DataTypes.BLOB, "cafe")).hasMessageContaining("0x and hex digits");
        assertThatThrownBy(() -> text.parse(DataTypes.BLOB, "0xabc")).hasMessageContaining("odd number");
        assertThatThrownBy(() -> text.parse(DataTypes.BOOLEAN, "maybe")).hasMessageContaining("not a boolean");
        assertThatThrownBy(() -> text.parse(DataTypes.INET, "example.com")).hasMessageContaining("not an IP");
        assertThatThrownBy(() -> text.parse(DataTypes.TIMESTAMP, "yesterday")).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> text.parse(DataTypes.DOUBLE, "1.5d")).hasMessageContaining("double");
        assertThatThrownBy(() -> text.parse(DataTypes.listOf(DataTypes.INT), "[1, 2"))
                .hasMessageContaining("expected");
        assertThatThrownBy(() -> text.parse(DataTypes.listOf(DataTypes.TEXT), "['open]"))
                .hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> text.parse(DataTypes.vectorOf(DataTypes.FLOAT, 3), "[1, 2]"))
                .hasMessageContaining("3 values expected");
        assertThatThrownBy(() -> text.parse(POINT, "{z: 1}")).hasMessageContaining("no field z");
        assertThatThrownBy(() -> text.parse(TUPLE, "(1, 'a', 2, 3)")).hasMessageContaining("more found");
        assertThatThrownBy(() -> text.parse(DataTypes.setOf(DataTypes.INT), "{1} trailing"))
                .hasMessageContaining("unexpected text");
    }

    @Test
    void shouldWriteAZeroDurationSoThatItReadsBackAsZeroNotNull() {
        String written = text.format(DataTypes.DURATION, CqlDuration.newInstance(0, 0, 0));

        assertThat(written).isEqualTo("0s");
        assertThat(text.parse(DataTypes.DURATION, written)).isEqualTo(CqlDuration.newInstance(0, 0, 0));
    }

    @Test
    void shouldKeepANullCollectionFieldOfAUdtNullNotEmpty() {
        UserDefinedType type = new com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder("ks", "address")
                .withField("street", DataTypes.TEXT)
                .withField("tags", DataTypes.frozenSetOf(DataTypes.TEXT))
                .build();
        UdtValue value = type.newValue().setString("street", "late");

        String written = text.format(type, value);

        assertThat(written).isEqualTo("{street: 'late', tags: null}");
        assertThat(((UdtValue) text.parse(type, written)).isNull("tags")).isTrue();
    }
}

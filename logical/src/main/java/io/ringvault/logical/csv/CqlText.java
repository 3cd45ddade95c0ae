package io.ringvault.logical.csv;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CQL values as text, the way cqlsh 6.2 (Cassandra 5.0) writes them in {@code COPY TO} files, and back: blobs as
 * {@code 0x..} hex, booleans as {@code True}/{@code False}, timestamps as {@code 2024-01-02 03:04:05.678+0000} (also read:
 * microseconds, {@code T}, {@code Z}, no zone, epoch milliseconds), times with nanoseconds, durations as
 * {@code 1y2mo25d5h}, collections, tuples, UDTs and vectors in CQL literal syntax with strings quoted inside them.
 *
 * <p>Text is escaped as cqlsh escapes it: a backslash doubled, control characters as {@code \n}, {@code \t},
 * {@code \r}, {@code \xNN}; reading undoes that (cqlsh's own {@code COPY FROM} does not).
 *
 * <p>Java values are the driver's default ones for each type ({@link Instant} for timestamp, {@link CqlDuration}, …), so
 * that the driver's codecs bind them. Parsing throws {@link IllegalArgumentException} with a message saying what is
 * wrong.
 */
final class CqlText {
    private static final DateTimeFormatter TIMESTAMP_OUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true)
            .appendOffset("+HHMM", "+0000")
            .toFormatter();
    private static final DateTimeFormatter TIME_OUT = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .toFormatter();
    private static final DateTimeFormatter TIMESTAMP_IN = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendPattern("HH:mm")
            .optionalStart()
            .appendPattern(":ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
    private static final long DATE_EPOCH_OFFSET = 1L << 31;

    private final String nullMarker;

    /** @param nullMarker what stands for a null inside a tuple or UDT, besides {@code null} and the empty text */
    CqlText(String nullMarker) {
        this.nullMarker = nullMarker;
    }

    // ---------------------------------------------------------------- formatting

    /** The text of {@code value} (not null) as cqlsh writes it in a CSV field. */
    String format(DataType type, Object value) {
        StringBuilder out = new StringBuilder();
        format(type, value, false, out);
        return out.toString();
    }

    private void format(DataType type, Object value, boolean nested, StringBuilder out) {
        if (value == null) {
            out.append(nested ? "null" : "");
            return;
        }
        switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR ->
                text((String) value, nested, out);
            case ProtocolConstants.DataType.BLOB -> {
                ByteBuffer bytes = ((ByteBuffer) value).duplicate();
                byte[] array = new byte[bytes.remaining()];
                bytes.get(array);
                out.append("0x").append(HexFormat.of().formatHex(array));
            }
            case ProtocolConstants.DataType.BOOLEAN -> out.append((Boolean) value ? "True" : "False");
            case ProtocolConstants.DataType.DOUBLE -> floating((Double) value, Double.toString((Double) value), out);
            case ProtocolConstants.DataType.FLOAT ->
                floating(((Float) value).doubleValue(), Float.toString((Float) value), out);
            case ProtocolConstants.DataType.TIMESTAMP -> {
                Instant instant = (Instant) value;
                OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
                // cqlsh, like Python's datetime, cannot show years outside 1..9999 and falls back to milliseconds.
                if (utc.getYear() < 1 || utc.getYear() > 9999) {
                    out.append(instant.toEpochMilli());
                } else {
                    quoted(TIMESTAMP_OUT.format(utc), nested, out);
                }
            }
            case ProtocolConstants.DataType.DATE -> {
                LocalDate date = (LocalDate) value;
                if (date.getYear() < 1 || date.getYear() > 9999) {
                    out.append(date.toEpochDay() + DATE_EPOCH_OFFSET);
                } else {
                    quoted(date.toString(), nested, out);
                }
            }
            case ProtocolConstants.DataType.TIME -> quoted(TIME_OUT.format((LocalTime) value), nested, out);
            case ProtocolConstants.DataType.INET -> quoted(inet((InetAddress) value), nested, out);
            case ProtocolConstants.DataType.DECIMAL -> out.append(((BigDecimal) value).toString());
            case ProtocolConstants.DataType.LIST ->
                elements(((ListType) type).getElementType(), (List<?>) value, '[', ']', out);
            case ProtocolConstants.DataType.SET ->
                elements(((SetType) type).getElementType(), (Set<?>) value, '{', '}', out);
            case ProtocolConstants.DataType.MAP -> {
                MapType map = (MapType) type;
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.append(first ? "" : ", ");
                    first = false;
                    format(map.getKeyType(), entry.getKey(), true, out);
                    out.append(": ");
                    format(map.getValueType(), entry.getValue(), true, out);
                }
                out.append('}');
            }
            case ProtocolConstants.DataType.TUPLE -> {
                TupleValue tuple = (TupleValue) value;
                List<DataType> types = ((TupleType) type).getComponentTypes();
                out.append('(');
                for (int i = 0; i < types.size(); i++) {
                    out.append(i > 0 ? ", " : "");
                    // The driver reads a null collection as an empty one: a null must stay null.
                    format(types.get(i), tuple.isNull(i) ? null : tuple.getObject(i), true, out);
                }
                out.append(')');
            }
            case ProtocolConstants.DataType.UDT -> {
                UdtValue udt = (UdtValue) value;
                UserDefinedType udtType = (UserDefinedType) type;
                out.append('{');
                for (int i = 0; i < udtType.getFieldNames().size(); i++) {
                    out.append(i > 0 ? ", " : "")
                            .append(udtType.getFieldNames().get(i).asCql(true))
                            .append(": ");
                    format(udtType.getFieldTypes().get(i), udt.isNull(i) ? null : udt.getObject(i), true, out);
                }
                out.append('}');
            }
            default -> {
                if (type instanceof VectorType vector) {
                    List<Object> values = new ArrayList<>();
                    ((CqlVector<?>) value).forEach(values::add);
                    elements(vector.getElementType(), values, '[', ']', out);
                } else if (value instanceof CqlDuration duration
                        && duration.toString().isEmpty()) {
                    // The driver writes a zero duration as no text at all, which reads back as null.
                    out.append("0s");
                } else {
                    // int, bigint, counter, smallint, tinyint, varint, uuid, timeuuid, duration: their own text.
                    out.append(value);
                }
            }
        }
    }

    private void elements(DataType elementType, Iterable<?> values, char open, char close, StringBuilder out) {
        out.append(open);
        boolean first = true;
        for (Object element : values) {
            out.append(first ? "" : ", ");
            first = false;
            format(elementType, element, true, out);
        }
        out.append(close);
    }

    /** Doubles and floats with the digits that give the same value back (cqlsh rounds to 5 and 12 by default). */
    private static void floating(double value, String exact, StringBuilder out) {
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "Infinity" : "-Infinity");
        } else {
            out.append(exact);
        }
    }

    /** An address as Python writes it: IPv6 in RFC 5952's short form ({@code ::1}), where Java writes every group. */
    static String inet(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equal ones) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static void quoted(String text, boolean nested, StringBuilder out) {
        if (nested) {
            out.append('\'').append(text).append('\'');
        } else {
            out.append(text);
        }
    }

    private static void text(String value, boolean nested, StringBuilder out) {
        if (nested) {
            out.append('\'');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append(nested ? "''" : "'");
                default -> {
                    // cqlsh shows the C0 and C1 controls and the no-break space (U+00A0) as Python's repr does.
                    if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (nested) {
            out.append('\'');
        }
    }

    // ---------------------------------------------------------------- parsing

    /** The value of a whole CSV field (not the null marker) as the Java value of {@code type}. */
    Object parse(DataType type, String field) {
        if (isText(type)) {
            return unescape(field);
        }
        if (field.isBlank()) {
            // An empty field of a type that has no empty text: cqlsh's COPY FROM takes it as null too.
            return null;
        }
        if (isLiteral(type)) {
            Cursor cursor = new Cursor(field);
            Object value = literal(type, cursor);
            cursor.skipSpaces();
            if (!cursor.atEnd()) {
                throw new IllegalArgumentException(
                        "unexpected text at " + cursor.position + " of " + abbreviate(field));
            }
            return value;
        }
        return scalar(type, field.strip());
    }

    private static boolean isText(DataType type) {
        return type.equals(DataTypes.TEXT) || type.equals(DataTypes.ASCII);
    }

    private static boolean isLiteral(DataType type) {
        return type instanceof ListType
                || type instanceof SetType
                || type instanceof MapType
                || type instanceof TupleType
                || type instanceof UserDefinedType
                || type instanceof VectorType;
    }

    private Object scalar(DataType type, String text) {
        try {
            return switch (type.getProtocolCode()) {
                case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR -> unescape(text);
                case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER -> Long.parseLong(text);
                case ProtocolConstants.DataType.INT -> Integer.parseInt(text);
                case ProtocolConstants.DataType.SMALLINT -> Short.parseShort(text);
                case ProtocolConstants.DataType.TINYINT -> Byte.parseByte(text);
                case ProtocolConstants.DataType.VARINT -> new BigInteger(text);
                case ProtocolConstants.DataType.DECIMAL -> new BigDecimal(text);
                case ProtocolConstants.DataType.DOUBLE -> parseDouble(text);
                case ProtocolConstants.DataType.FLOAT -> (float) parseDouble(text);
                case ProtocolConstants.DataType.BOOLEAN -> parseBoolean(text);
                case ProtocolConstants.DataType.BLOB -> parseBlob(text);
                case ProtocolConstants.DataType.UUID, ProtocolConstants.DataType.TIMEUUID -> parseUuid(text);
                case ProtocolConstants.DataType.TIMESTAMP -> parseTimestamp(text);
                case ProtocolConstants.DataType.DATE -> parseDate(text);
                case ProtocolConstants.DataType.TIME -> parseTime(text);
                case ProtocolConstants.DataType.INET -> parseInet(text);
                case ProtocolConstants.DataType.DURATION -> CqlDuration.from(text);
                default -> throw new IllegalArgumentException("type " + type.asCql(true, true) + " is not supported");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(text) + "' is not a " + type.asCql(true, true) + ": " + e.getMessage(), e);
        }
    }

    private static double parseDouble(String text) {
        String lower = text.toLowerCase();
        return switch (lower) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "infinity", "+inf", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                // Java would take a trailing 'd' or 'f' as a type suffix; CQL does not.
                if (!lower.isEmpty() && Character.isLetter(lower.charAt(lower.length() - 1))) {
                    throw new NumberFormatException("not a number");
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase()) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a boolean");
        };
    }

    private static ByteBuffer parseBlob(String text) {
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a blob: 0x and hex digits expected");
        }
        String hex = text.substring(2);
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("blob '" + abbreviate(text) + "' has an odd number of hex digits");
        }
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    private static UUID parseUuid(String text) {
        if (text.length() != 36) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a uuid");
        }
        return UUID.fromString(text);
    }

    private static Instant parseTimestamp(String text) {
        if (INTEGER.matcher(text).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return OffsetDateTime.parse(text, TIMESTAMP_IN).toInstant();
    }

    private static LocalDate parseDate(String text) {
        if (INTEGER.matcher(text).matches()) {
            return LocalDate.ofEpochDay(Long.parseLong(text) - DATE_EPOCH_OFFSET);
        }
        return LocalDate.parse(text);
    }

    private static LocalTime parseTime(String text) {
        if (INTEGER.matcher(text).matches()) {
            return LocalTime.ofNanoOfDay(Long.parseLong(text));
        }
        return LocalTime.parse(text);
    }

    private static InetAddress parseInet(String text) {
        // Only literal addresses: InetAddress would otherwise look a name up in DNS.
        if (!IP_LITERAL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not an IP address", e);
        }
    }

    /** Undoes cqlsh's escapes: {@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code \xNN}, {@code \}{@code uNNNN}. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\' -> out.append('\\');
                case 'x' -> i = hexEscape(text, i, 2, out);
                case 'u' -> i = hexEscape(text, i, 4, out);
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }

    private static int hexEscape(String text, int at, int digits, StringBuilder out) {
        if (at + digits < text.length()) {
            String hex = text.substring(at + 1, Math.min(text.length(), at + 1 + digits));
            if (hex.length() == digits && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                out.append((char) Integer.parseInt(hex, 16));
                return at + digits;
            }
        }
        out.append('\\').append(text.charAt(at));
        return at;
    }

    /** A value inside a CQL literal: strings and temporal values in quotes, the rest bare. */
    private Object literal(DataType type, Cursor in) {
        in.skipSpaces();
        if (type instanceof ListType list) {
            List<Object> values = new ArrayList<>();
            in.sequence('[', ']', () -> values.add(element(list.getElementType(), in, "]")));
            return values;
        }
        if (type instanceof VectorType vector) {
            List<Object> values = new ArrayList<>();
            in.sequence('[', ']', () -> values.add(element(vector.getElementType(), in, "]")));
            if (values.size() != vector.getDimensions()) {
                throw new IllegalArgumentException(
                        "a vector of " + vector.getDimensions() + " values expected, " + values.size() + " found");
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            CqlVector<?> cqlVector = CqlVector.newInstance((List) values);
            return cqlVector;
        }
        if (type instanceof SetType set) {
            Set<Object> values = new LinkedHashSet<>();
            in.sequence('{', '}', () -> values.add(element(set.getElementType(), in, "}")));
            return values;
        }
        if (type instanceof MapType map) {
            Map<Object, Object> values = new LinkedHashMap<>();
            in.sequence('{', '}', () -> {
                Object key = element(map.getKeyType(), in, ":");
                in.expect(':');
                values.put(key, element(map.getValueType(), in, "}"));
            });
            return values;
        }
        if (type instanceof TupleType tuple) {
            TupleValue value = tuple.newValue();
            List<DataType> types = tuple.getComponentTypes();
            int[] index = {0};
            in.sequence('(', ')', () -> {
                if (index[0] >= types.size()) {
                    throw new IllegalArgumentException("a tuple of " + types.size() + " values expected, more found");
                }
                int i = index[0]++;
                setObject(value, i, types.get(i), nullable(types.get(i), in, ")"));
            });
            return value;
        }
        if (type instanceof UserDefinedType udt) {
            UdtValue value = udt.newValue();
            in.sequence('{', '}', () -> {
                String name = in.fieldName();
                in.expect(':');
                int i = udt.firstIndexOf(com.datastax.oss.driver.api.core.CqlIdentifier.fromInternal(name));
                if (i < 0) {
                    throw new IllegalArgumentException("type " + udt.getName().asCql(true) + " has no field " + name);
                }
                setObject(
                        value,
                        i,
                        udt.getFieldTypes().get(i),
                        nullable(udt.getFieldTypes().get(i), in, "}"));
            });
            return value;
        }
        throw new IllegalArgumentException("type " + type.asCql(true, true) + " is not a collection");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setObject(
            com.datastax.oss.driver.api.core.data.SettableByIndex<?> target, int i, DataType type, Object value) {
        if (value == null) {
            target.setToNull(i);
        } else {
            target.set(i, value, (com.datastax.oss.driver.api.core.type.codec.TypeCodec)
                    target.codecRegistry().codecFor(type));
        }
    }

    /** A tuple or UDT component: cqlsh writes a null there as its null marker, or nothing when that is empty. */
    private Object nullable(DataType type, Cursor in, String closers) {
        in.skipSpaces();
        int start = in.position;
        String bare = in.peekBare(closers + ",");
        if (bare.isEmpty() || bare.equals("null") || bare.equals(nullMarker)) {
            in.position = start + bare.length();
            return null;
        }
        return element(type, in, closers);
    }

    private Object element(DataType type, Cursor in, String closers) {
        in.skipSpaces();
        if (isLiteral(type)) {
            return literal(type, in);
        }
        if (in.peek() == '\'') {
            String quoted = in.quoted();
            return isText(type) ? unescape(quoted) : scalar(type, quoted.strip());
        }
        String bare = in.bare(closers + ",").strip();
        if (bare.equals("null")) {
            throw new IllegalArgumentException("a collection cannot hold a null");
        }
        return scalar(type, bare);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A position in a CQL literal. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        void expect(char c) {
            skipSpaces();
            if (peek() != c) {
                throw new IllegalArgumentException("'" + c + "' expected at " + position + " of " + abbreviate(text));
            }
            position++;
        }

        /** {@code open item, item, ... close}, calling {@code item} at each item. */
        void sequence(char open, char close, Runnable item) {
            expect(open);
            skipSpaces();
            if (peek() == close) {
                position++;
                return;
            }
            while (true) {
                item.run();
                skipSpaces();
                if (peek() == ',') {
                    position++;
                } else if (peek() == close) {
                    position++;
                    return;
                } else {
                    throw new IllegalArgumentException(
                            "',' or '" + close + "' expected at " + position + " of " + abbreviate(text));
                }
            }
        }

        /** A string in single quotes, a doubled quote standing for one. */
        String quoted() {
            expect('\'');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new IllegalArgumentException("unclosed quote in " + abbreviate(text));
                }
                char c = text.charAt(position++);
                if (c == '\'') {
                    if (peek() == '\'') {
                        out.append('\'');
                        position++;
                    } else {
                        return out.toString();
                    }
                } else {
                    out.append(c);
                }
            }
        }

        String peekBare(String stops) {
            int end = position;
            while (end < text.length() && stops.indexOf(text.charAt(end)) < 0) {
                end++;
            }
            return text.substring(position, end).strip();
        }

        String bare(String stops) {
            int start = position;
            while (!atEnd() && stops.indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return text.substring(start, position);
        }

        /** A UDT field name, bare or in double quotes. */
        String fieldName() {
            skipSpaces();
            if (peek() == '"') {
                position++;
                StringBuilder out = new StringBuilder();
                while (true) {
                    if (atEnd()) {
                        throw new IllegalArgumentException("unclosed quoted name in " + abbreviate(text));
                    }
                    char c = text.charAt(position++);
                    if (c == '"') {
                        if (peek() == '"') {
                            out.append('"');
                            position++;
                        } else {
                            return out.toString();
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
            return bare(":").strip();
        }
    }
}

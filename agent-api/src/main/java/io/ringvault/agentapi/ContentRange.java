package io.ringvault.agentapi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link AgentHeaders#CONTENT_RANGE} of a 206 answer: the bytes {@code first} to {@code last} (inclusive) of a file
 * of {@code size} bytes ({@link #UNKNOWN_SIZE} for {@code *}).
 */
public record ContentRange(long first, long last, long size) {
    /** The size of {@code bytes <first>-<last>/*}. */
    public static final long UNKNOWN_SIZE = -1;

    private static final Pattern HEADER = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    public ContentRange {
        if (first < 0 || last < first || (size != UNKNOWN_SIZE && size <= last)) {
            throw new IllegalArgumentException("not a range of bytes: " + first + "-" + last + "/" + size);
        }
    }

    /** The header's value, or empty when it is absent or not one range of bytes. */
    public static Optional<ContentRange> parse(String header) {
        Matcher matcher = HEADER.matcher(header == null ? "" : header.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        long size = matcher.group(3).equals("*") ? UNKNOWN_SIZE : Long.parseLong(matcher.group(3));
        if (last < first || (size != UNKNOWN_SIZE && size <= last)) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, size));
    }

    /** The value of the header that goes with a 416 answer: {@code bytes *}{@code /<size>}. */
    public static String unsatisfied(long size) {
        return "bytes */" + size;
    }

    /** The header's value, {@code bytes <first>-<last>/<size>}. */
    public String header() {
        return "bytes " + first + "-" + last + "/" + (size == UNKNOWN_SIZE ? "*" : Long.toString(size));
    }
}

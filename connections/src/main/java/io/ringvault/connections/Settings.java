package io.ringvault.connections;

import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The checks and defaults of the services' settings records, so that each record says in its compact constructor what
 * an absent value becomes and which values it refuses. A record is the one place a setting's default lives
 * ({@code application.yml} maps environment variables with empty defaults): an absent or empty value takes the default,
 * any value given is checked, and a bad one fails the service's start with a message that names the property.
 */
public final class Settings {
    private Settings() {}

    /** {@code value}, or {@code fallback} when it is null or blank. */
    public static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** {@code value}, or {@code null} when it is null or blank. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code value}, or {@code fallback} when it is null. */
    public static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /**
     * The values of {@code values} that are not blank, stripped; {@code fallback} when none is (an absent list, or an
     * empty variable bound as one empty value).
     */
    public static List<String> listOrDefault(List<String> values, List<String> fallback) {
        List<String> given = values == null
                ? List.of()
                : values.stream()
                        .filter(value -> value != null && !value.isBlank())
                        .map(String::strip)
                        .toList();
        return given.isEmpty() ? List.copyOf(fallback) : given;
    }

    /** @throws IllegalArgumentException naming {@code property} when {@code value} is zero or negative */
    public static Duration positive(Duration value, String property) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, not " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming {@code property} when {@code value} is zero or negative */
    public static DataSize positive(DataSize value, String property) {
        if (value.toBytes() <= 0) {
            throw new IllegalArgumentException(property + " must be positive, not " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming {@code property} when {@code value} is negative */
    public static DataSize notNegative(DataSize value, String property) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, not " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming {@code property} when {@code value} is below {@code minimum} */
    public static int atLeast(int value, int minimum, String property) {
        if (value < minimum) {
            throw new IllegalArgumentException(property + " must be at least " + minimum + ", not " + value);
        }
        return value;
    }
}

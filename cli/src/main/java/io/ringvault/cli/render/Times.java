package io.ringvault.cli.render;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Timestamps from the coordinator (ISO-8601 text) shown in the user's time zone. */
public final class Times {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Times() {}

    /** ISO-8601 with an offset, or seconds since the epoch; empty when absent or unreadable. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException notWithOffset) {
                try {
                    BigDecimal seconds = new BigDecimal(text);
                    return Optional.of(Instant.ofEpochSecond(
                            seconds.longValue(),
                            seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue()));
                } catch (NumberFormatException | ArithmeticException notANumber) {
                    return Optional.empty();
                }
            }
        }
    }

    /** {@code 2026-11-21 01:00:00} in {@code zone}; the text as given when unreadable, {@code -} when absent. */
    public static String dateTime(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return "-";
        }
        return parse(text)
                .map(instant -> DATE_TIME.format(instant.atZone(zone)))
                .orElse(text);
    }

    public static String timeOfDay(Instant instant, ZoneId zone) {
        return TIME_OF_DAY.format(instant.atZone(zone));
    }

    public static Optional<Duration> between(String from, Instant to) {
        return parse(from).map(start -> Duration.between(start, to));
    }

    public static Optional<Duration> between(String from, String to) {
        return parse(to).flatMap(end -> between(from, end));
    }
}

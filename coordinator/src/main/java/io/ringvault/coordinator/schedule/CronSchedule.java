package io.ringvault.coordinator.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule fires: a cron expression read in a time zone. Accepts the 5-field Unix form ({@code 0 2 * * *},
 * minute first), which gets a seconds field of 0 in front, Spring's 6-field form with seconds first
 * ({@code 0 0 2 * * *}), and the macros {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly},
 * {@code @daily}, {@code @midnight} and {@code @hourly}.
 *
 * <p>Firings are computed on the zone's wall clock, so a daily 02:00 stays at 02:00 local time across a DST change. On
 * the night the clocks go forward, a time that does not exist that night (02:30 in Europe/Paris) fires at the same
 * offset into the gap (03:30); on the night they go back, a time that happens twice (02:30) fires once, the first time.
 */
public final class CronSchedule {
    /** Wall-clock matches looked at for one firing: an hour the autumn repeats is at most 3600 of them. */
    private static final int MAX_STEPS = 100_000;

    private final String expression;
    private final CronExpression cron;
    private final ZoneId zone;

    private CronSchedule(String expression, CronExpression cron, ZoneId zone) {
        this.expression = expression;
        this.cron = cron;
        this.zone = zone;
    }

    /**
     * Reads {@code expression} in {@code timeZone}.
     *
     * @throws InvalidCronException when the expression does not parse or never fires
     * @throws DateTimeException when the time zone is not a zone id
     */
    public static CronSchedule of(String expression, String timeZone) {
        ZoneId zone = ZoneId.of(timeZone);
        CronExpression cron = parse(expression);
        CronSchedule schedule = new CronSchedule(expression, cron, zone);
        if (schedule.next(Instant.EPOCH) == null) {
            throw new InvalidCronException("cron '" + expression + "' never fires");
        }
        return schedule;
    }

    /** The expression as Spring reads it: 6 fields, seconds first (a macro stays a macro). */
    public static String toSixFields(String expression) {
        String trimmed = expression == null ? "" : expression.strip();
        if (trimmed.startsWith("@")) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length == 5) {
            return "0 " + String.join(" ", fields);
        }
        if (fields.length == 6) {
            return String.join(" ", fields);
        }
        throw new InvalidCronException("cron '" + expression + "' has " + (trimmed.isEmpty() ? 0 : fields.length)
                + " fields: write 5 (minute hour day-of-month month day-of-week, as in \"0 2 * * *\"), 6 (seconds first,"
                + " as in \"0 0 2 * * *\") or a macro such as @daily");
    }

    private static CronExpression parse(String expression) {
        String six = toSixFields(expression);
        try {
            return CronExpression.parse(six);
        } catch (IllegalArgumentException e) {
            throw new InvalidCronException("cron '" + expression + "' is not valid: " + e.getMessage());
        }
    }

    /** The first firing strictly after {@code after}; null when it never fires again. */
    public Instant next(Instant after) {
        // The expression is matched on the wall clock alone (as if it were UTC), then placed in the zone: Spring's own
        // zoned matching skips a time that falls in the spring gap (no nightly backup that night) and fires twice a
        // time the autumn repeats.
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
        for (int i = 0; i < MAX_STEPS; i++) {
            ZonedDateTime next = cron.next(wall.atZone(ZoneOffset.UTC));
            if (next == null) {
                return null;
            }
            wall = next.toLocalDateTime();
            // In a gap, ofLocal moves the time forward by the gap's length; in an overlap it takes the earlier offset.
            Instant at = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
            if (at.isAfter(after)) {
                return at;
            }
        }
        return null;
    }

    /** {@code instant} on the schedule's wall clock. */
    public ZonedDateTime local(Instant instant) {
        return instant.atZone(zone);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** A cron expression that cannot be read, or that never fires; the message says why. */
    public static final class InvalidCronException extends IllegalArgumentException {
        InvalidCronException(String message) {
            super(message);
        }
    }
}

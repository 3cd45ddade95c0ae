package io.ringvault.coordinator.config;

import io.ringvault.common.message.Retention;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cluster's retention policy ({@code ringvault.coordinator.retention.*}): which backups a purge keeps when the
 * request brings no policy of its own and no schedule policy covers them. Every rule is optional; with none set there
 * is no cluster policy, and a purge must bring one. A policy that is set is checked at start-up with the same rule as a
 * request's ({@link Retention#problems()}), and a bad value fails the start naming the property.
 *
 * @param keepLast keep the newest N backups
 * @param maxAge keep every backup younger than this ISO-8601 duration ({@code P30D})
 * @param keepDaily keep the newest backup of each of the last N days that have one
 * @param keepWeekly keep the newest backup of each of the last N ISO weeks that have one
 * @param keepMonthly keep the newest backup of each of the last N months that have one
 * @param timeZone the zone the days, weeks and months are counted in (every policy's, schedules' too); default
 *     {@code UTC}
 */
@ConfigurationProperties("ringvault.coordinator.retention")
public record RetentionProperties(
        Integer keepLast, String maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly, String timeZone) {
    private static final String PREFIX = "ringvault.coordinator.retention.";
    /** The property of each field {@link Retention#problems()} names. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "keepLast", "keep-last",
            "maxAge", "max-age",
            "keepDaily", "keep-daily",
            "keepWeekly", "keep-weekly",
            "keepMonthly", "keep-monthly");

    public RetentionProperties {
        maxAge = maxAge == null || maxAge.isBlank() ? null : maxAge.strip();
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.strip();
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    PREFIX + "time-zone: '" + timeZone + "' is not a time zone id such as UTC or Europe/Paris");
        }
        Retention policy = new Retention(keepLast, maxAge, keepDaily, keepWeekly, keepMonthly);
        if (!isEmpty(policy)) {
            List<String> problems = policy.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join(
                        "; ", problems.stream().map(RetentionProperties::naming).toList()));
            }
        }
    }

    /** The cluster's policy; null when no rule is set. */
    public Retention policy() {
        Retention policy = new Retention(keepLast, maxAge, keepDaily, keepWeekly, keepMonthly);
        return isEmpty(policy) ? null : policy;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    private static boolean isEmpty(Retention policy) {
        return policy.keepLast() == null
                && policy.maxAge() == null
                && policy.keepDaily() == null
                && policy.keepWeekly() == null
                && policy.keepMonthly() == null;
    }

    /** A problem with the field it starts with replaced by its property: {@code keepLast 0 is...}. */
    private static String naming(String problem) {
        int space = problem.indexOf(' ');
        String field = space < 0 ? problem : problem.substring(0, space);
        String property = PROPERTIES.get(field);
        return property == null ? PREFIX + "*: " + problem : PREFIX + property + problem.substring(space);
    }
}

package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A retention policy: which complete backups a purge keeps. A backup is kept when any rule keeps it; a rule left out
 * (null) keeps nothing by itself. The cluster has one policy (the coordinator's configuration), and a schedule may
 * have its own for the backups it takes.
 *
 * @param keepLast keep the newest N backups
 * @param maxAge keep every backup younger than this ISO-8601 duration ({@code P30D}, {@code PT12H})
 * @param keepDaily keep the newest backup of each of the last N days that have one
 * @param keepWeekly keep the newest backup of each of the last N ISO weeks that have one
 * @param keepMonthly keep the newest backup of each of the last N months that have one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Retention(Integer keepLast, String maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {

    /** The largest count a rule accepts: far beyond any real policy, small enough to catch a typo. */
    public static final int MAX_COUNT = 100_000;

    /** The shortest {@code maxAge}: shorter would delete backups while the next one still runs. */
    public static final Duration MIN_AGE = Duration.ofHours(1);

    /**
     * What is wrong with this policy, one sentence per problem naming the field; empty when it is valid. A valid
     * policy has at least one rule, counts from 1 to {@link #MAX_COUNT} ({@code keepLast}) or 0 to it (the others),
     * and a {@code maxAge} that is an ISO-8601 duration of at least {@link #MIN_AGE}.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (keepLast == null && maxAge == null && keepDaily == null && keepWeekly == null && keepMonthly == null) {
            problems.add("the policy has no rule: set keepLast, maxAge, keepDaily, keepWeekly or keepMonthly");
        }
        count(problems, "keepLast", keepLast, 1);
        count(problems, "keepDaily", keepDaily, 0);
        count(problems, "keepWeekly", keepWeekly, 0);
        count(problems, "keepMonthly", keepMonthly, 0);
        if (maxAge != null) {
            try {
                if (maxAgeDuration().compareTo(MIN_AGE) < 0) {
                    problems.add("maxAge " + maxAge + " is shorter than " + MIN_AGE);
                }
            } catch (DateTimeParseException e) {
                problems.add("maxAge " + maxAge + " is not an ISO-8601 duration such as P30D or PT12H");
            }
        }
        return problems;
    }

    /** {@code maxAge} as a duration; null when absent. */
    @JsonIgnore
    public Duration maxAgeDuration() {
        return maxAge == null ? null : Duration.parse(maxAge);
    }

    private static void count(List<String> problems, String field, Integer value, int min) {
        if (value != null && (value < min || value > MAX_COUNT)) {
            problems.add(field + " " + value + " is outside " + min + ".." + MAX_COUNT);
        }
    }
}

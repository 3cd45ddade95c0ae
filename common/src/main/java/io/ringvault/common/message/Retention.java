package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

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
public record Retention(Integer keepLast, String maxAge, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {}

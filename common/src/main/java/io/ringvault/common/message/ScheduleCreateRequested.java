package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.schedule.create.requested}: create a schedule that asks for a backup (or a verify) each time its
 * cron expression fires. Published by any system on the requests topic, or posted to {@code POST /api/v1/schedules};
 * consumed by the coordinator, which checks the cron expression ({@code invalid-cron}), the time zone
 * ({@code invalid-time-zone}), the retention ({@code invalid-retention}), the keyspaces, tables and datacenters as for
 * a backup, and that no schedule has the name ({@code schedule-exists}), then records {@link ScheduleCreated}.
 *
 * @param name the schedule's name, unique in the deployment: 1-64 letters, digits, '_' or '-'; required
 * @param cron when it fires: a 5-field Unix expression ({@code 0 2 * * *}, minute first), a 6-field one with seconds
 *     first ({@code 0 0 2 * * *}) or a macro ({@code @daily}, {@code @hourly}, …); required
 * @param timeZone the IANA zone the cron expression is read in ({@code Europe/Paris}); default {@code UTC}
 * @param keyspaces keyspaces to back up; required, at least one
 * @param tables optional {@code "keyspace.table"} names limiting the backups; each must be in one of {@code keyspaces}
 * @param datacenters optional datacenters whose nodes are backed up; all datacenters when empty
 * @param mode {@code differential} (the default) or {@code full}
 * @param action {@code backup} (the default) or {@code verify} (of the newest complete backup of the keyspaces)
 * @param deep for a verify: re-read every object and compare its checksum; written only when true
 * @param retention optional retention policy for the backups the schedule takes
 * @param missedFirings {@code catch-up} (the default: fire once for the latest firing missed while no coordinator ran)
 *     or {@code skip} (record the missed firings and wait for the next)
 * @param requestedBy optional free text naming who asked
 * @param flush for incremental backups, false to ship only what Cassandra flushed by itself (a continuous backup);
 *     written only when false
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleCreateRequested(
        String name,
        String cron,
        String timeZone,
        List<String> keyspaces,
        List<String> tables,
        List<String> datacenters,
        BackupMode mode,
        ScheduleAction action,
        Boolean deep,
        Retention retention,
        MissedFirings missedFirings,
        String requestedBy,
        Boolean flush)
        implements ScheduleRequest {
    /** The zone a schedule without one is read in. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public ScheduleCreateRequested {
        Names.requireScheduleName(name, "name");
        Names.requireText(cron, "cron");
        timeZone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
        mode = mode == null ? BackupMode.DIFFERENTIAL : mode;
        action = action == null ? ScheduleAction.BACKUP : action;
        missedFirings = missedFirings == null ? MissedFirings.CATCH_UP : missedFirings;
        deep = Boolean.TRUE.equals(deep) ? Boolean.TRUE : null;
        flush = Boolean.FALSE.equals(flush) ? Boolean.FALSE : null;
        // The scope (and the flush option) is checked exactly as a backup request's.
        BackupRequested scope =
                new BackupRequested(keyspaces, tables, datacenters, mode, requestedBy, false, name, null, null, flush);
        keyspaces = scope.keyspaces();
        tables = scope.tables();
        datacenters = scope.datacenters();
    }

    /** The backup request one firing makes. */
    public BackupRequested backupRequest() {
        return new BackupRequested(
                keyspaces, tables, datacenters, mode, firingRequestedBy(), false, name, null, null, flush);
    }

    /** A schedule without the {@code flush} option. */
    public ScheduleCreateRequested(
            String name,
            String cron,
            String timeZone,
            List<String> keyspaces,
            List<String> tables,
            List<String> datacenters,
            BackupMode mode,
            ScheduleAction action,
            Boolean deep,
            Retention retention,
            MissedFirings missedFirings,
            String requestedBy) {
        this(
                name,
                cron,
                timeZone,
                keyspaces,
                tables,
                datacenters,
                mode,
                action,
                deep,
                retention,
                missedFirings,
                requestedBy,
                null);
    }

    /**
     * The same request asked for by {@code principal}: the coordinator's REST API records who it authenticated, never
     * what a body says.
     */
    public ScheduleCreateRequested requestedBy(String principal) {
        return new ScheduleCreateRequested(
                name,
                cron,
                timeZone,
                keyspaces,
                tables,
                datacenters,
                mode,
                action,
                deep,
                retention,
                missedFirings,
                principal,
                flush);
    }

    /** Whether a verify re-reads every object. */
    public boolean rereads() {
        return Boolean.TRUE.equals(deep);
    }

    /** Who the requests of its firings name: the schedule itself. */
    public String firingRequestedBy() {
        return "schedule:" + name;
    }
}

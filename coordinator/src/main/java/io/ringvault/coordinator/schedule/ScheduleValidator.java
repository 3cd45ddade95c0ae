package io.ringvault.coordinator.schedule;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.ScheduleAction;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Checks a schedule before it is created: its cron expression, its time zone, its retention, and its keyspaces, tables
 * and datacenters against the live cluster, as a backup request's are. Whether nodes are up is a question for each
 * firing, not for the schedule.
 */
public class ScheduleValidator {
    private final ClusterTopology topology;

    public ScheduleValidator(ClusterTopology topology) {
        this.topology = topology;
    }

    /** The schedule's firing times; throws {@link RequestRejectedException} naming the first problem. */
    public CronSchedule validateCreate(ScheduleCreateRequested request) {
        try {
            ZoneId.of(request.timeZone());
        } catch (DateTimeException e) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_TIME_ZONE,
                    "time zone '" + request.timeZone() + "' is not a zone id such as Europe/Paris or UTC ("
                            + e.getMessage() + ")");
        }
        CronSchedule cron;
        try {
            cron = CronSchedule.of(request.cron(), request.timeZone());
        } catch (CronSchedule.InvalidCronException e) {
            throw RequestRejectedException.invalid(FailureReason.INVALID_CRON, e.getMessage());
        }
        if (request.retention() != null) {
            List<String> problems = request.retention().problems();
            if (!problems.isEmpty()) {
                throw RequestRejectedException.invalid(
                        FailureReason.INVALID_RETENTION, "retention: " + String.join("; ", problems));
            }
        }
        if (request.rereads() && request.action() != ScheduleAction.VERIFY) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_DATA, "deep is only for a schedule whose action is verify");
        }
        for (String keyspace : request.keyspaces()) {
            if (topology.tablesOf(keyspace).isEmpty()) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_KEYSPACE, "keyspace '" + keyspace + "' does not exist in the cluster");
            }
        }
        for (String table : request.tables()) {
            String keyspace = table.substring(0, table.indexOf('.'));
            String name = table.substring(table.indexOf('.') + 1);
            Set<String> tables = topology.tablesOf(keyspace).orElseThrow();
            if (!tables.contains(name)) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_TABLE,
                        "table '" + table + "' does not exist (keyspace '" + keyspace + "' has " + tables + ")");
            }
        }
        Set<String> datacenters = topology.datacenters();
        for (String datacenter : request.datacenters()) {
            if (!datacenters.contains(datacenter)) {
                throw RequestRejectedException.invalid(
                        FailureReason.UNKNOWN_DATACENTER,
                        "datacenter '" + datacenter + "' does not exist in the cluster (it has " + datacenters + ")");
            }
        }
        return cron;
    }
}

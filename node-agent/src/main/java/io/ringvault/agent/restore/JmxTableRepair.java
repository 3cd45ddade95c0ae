package io.ringvault.agent.restore;

import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeErrorException;
import javax.management.RuntimeMBeanException;

/**
 * {@link TableRepair} over JMX, as {@code nodetool repair -full -pr} does it: {@code StorageServiceMBean.repairAsync(
 * String keyspace, Map<String, String> options)} (Cassandra 4.0 to 5.0) returns a command number, then
 * {@code getParentRepairStatus(int)} is polled until its first element is {@code COMPLETED} or {@code FAILED}
 * ({@code ActiveRepairService.ParentRepairStatus}; the other elements are Cassandra's messages). A command number of 0
 * means Cassandra found nothing to repair (a keyspace with one replica per range).
 *
 * <p>Options: {@code primaryRange} (each node its primary ranges: run on every node, the ring once), {@code incremental}
 * false (imported SSTables are unrepaired; an incremental repair would anticompact them), {@code parallelism} parallel
 * (every replica builds its Merkle trees at once: the fastest; the restore has just loaded the data),
 * {@code ignoreUnreplicatedKeyspaces} (a range with no other replica, RF above the datacenter's node count, has nothing
 * to compare: skipped rather than failing the whole repair).
 */
public class JmxTableRepair implements TableRepair {
    private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";
    private static final String[] REPAIR_SIGNATURE = {String.class.getName(), Map.class.getName()};
    private static final String[] STATUS_SIGNATURE = {int.class.getName()};
    /** How many of Cassandra's messages a failure shows: enough for the cause, not the whole session log. */
    private static final int SHOWN_MESSAGES = 5;

    private final CassandraJmx jmx;
    private final Duration pollInterval;
    private final LongSupplier nanoClock;

    public JmxTableRepair(CassandraJmx jmx, Duration pollInterval) {
        this(jmx, pollInterval, System::nanoTime);
    }

    JmxTableRepair(CassandraJmx jmx, Duration pollInterval, LongSupplier nanoClock) {
        this.jmx = jmx;
        this.pollInterval = pollInterval;
        this.nanoClock = nanoClock;
    }

    /** The options of {@code repairAsync} for a full primary-range repair of {@code tables}. */
    static Map<String, String> options(List<String> tables) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("primaryRange", "true");
        options.put("incremental", "false");
        options.put("parallelism", "parallel");
        options.put("ignoreUnreplicatedKeyspaces", "true");
        if (!tables.isEmpty()) {
            options.put("columnFamilies", String.join(",", tables));
        }
        return options;
    }

    @Override
    public Outcome repair(String keyspace, List<String> tables, Duration timeout) {
        String what = keyspace + (tables.isEmpty() ? "" : " " + tables);
        ObjectName storage = objectName(STORAGE_SERVICE);
        // A HashMap: the MBean server deserialises the argument, and only JDK classes are certain to be known there.
        Object[] arguments = {keyspace, new java.util.HashMap<>(options(tables))};
        int command;
        try {
            command = (Integer) jmx.call(server -> server.invoke(storage, "repairAsync", arguments, REPAIR_SIGNATURE));
        } catch (IOException | JMException | RuntimeMBeanException | RuntimeErrorException e) {
            throw new RestoreException(
                    FailureReason.CASSANDRA_ERROR,
                    (e instanceof IOException
                                    ? "cannot reach Cassandra over JMX at " + jmx.url() + " to repair "
                                    : "Cassandra refused to start the repair of ")
                            + what + ": " + cause(e));
        }
        if (command <= 0) {
            return new Outcome(0, List.of("nothing to repair: one replica per range"));
        }
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        while (true) {
            List<String> status = status(storage, command, what);
            if (status != null && !status.isEmpty()) {
                List<String> messages = new ArrayList<>(status.subList(1, status.size()));
                switch (status.get(0)) {
                    case "COMPLETED":
                        return new Outcome(command, messages);
                    case "FAILED":
                        throw new RestoreException(
                                FailureReason.REPAIR_FAILED,
                                "Cassandra failed repair #" + command + " of " + what + ": " + shown(messages));
                    default:
                    // IN_PROGRESS; null before Cassandra registered the command.
                }
            }
            if (nanoClock.getAsLong() - deadline >= 0) {
                throw new RestoreException(
                        FailureReason.REPAIR_FAILED,
                        "repair #" + command + " of " + what + " did not finish within " + timeout
                                + " (ringvault.agent.repair.timeout); Cassandra goes on with it");
            }
            pause();
        }
    }

    private List<String> status(ObjectName storage, int command, String what) {
        try {
            Object status = jmx.call(server ->
                    server.invoke(storage, "getParentRepairStatus", new Object[] {command}, STATUS_SIGNATURE));
            if (!(status instanceof List<?> list)) {
                return null;
            }
            List<String> lines = new ArrayList<>();
            list.forEach(line -> lines.add(String.valueOf(line)));
            return lines;
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException(
                    FailureReason.REPAIR_FAILED, "the agent stopped waiting for the repair of " + what);
        } catch (IOException | JMException | RuntimeMBeanException | RuntimeErrorException e) {
            throw new RestoreException(
                    FailureReason.CASSANDRA_ERROR,
                    "cannot read the status of repair #" + command + " of " + what + " over JMX at " + jmx.url() + ": "
                            + cause(e));
        }
    }

    private void pause() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException(FailureReason.REPAIR_FAILED, "the agent stopped waiting for a repair");
        }
    }

    private static String shown(List<String> messages) {
        if (messages.isEmpty()) {
            return "no message (see the node's system.log)";
        }
        List<String> last = messages.subList(Math.max(0, messages.size() - SHOWN_MESSAGES), messages.size());
        return String.join("; ", last);
    }

    /** Cassandra's own message (for example "Unknown keyspace") is in the innermost cause. */
    private static String cause(Exception e) {
        Throwable cause = e;
        if (e instanceof MBeanException
                || e instanceof RuntimeMBeanException
                || e instanceof ReflectionException
                || e instanceof RuntimeErrorException) {
            cause = e.getCause() != null ? e.getCause() : e;
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}

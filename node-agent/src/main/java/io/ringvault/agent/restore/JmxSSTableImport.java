package io.ringvault.agent.restore;

import io.ringvault.agent.node.CassandraJmx;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;

/**
 * {@link SSTableImport} over JMX with plain {@code javax.management}, like the snapshots: the table's
 * {@code ColumnFamilyStoreMBean} ({@code org.apache.cassandra.db:type=Tables,keyspace=<ks>,table=<table>}) and its
 * {@code importNewSSTables(Set<String> srcPaths, boolean resetLevel, boolean clearRepaired, boolean verifySSTables,
 * boolean verifyTokens, boolean invalidateCaches, boolean extendedVerify, boolean copyData)} (Cassandra 4.0 to 5.0),
 * which {@code nodetool import} calls too, on {@link CassandraJmx}'s shared connection.
 */
public class JmxSSTableImport implements SSTableImport {
    private static final String[] IMPORT_SIGNATURE = {
        Set.class.getName(),
        boolean.class.getName(),
        boolean.class.getName(),
        boolean.class.getName(),
        boolean.class.getName(),
        boolean.class.getName(),
        boolean.class.getName(),
        boolean.class.getName()
    };

    private final CassandraJmx jmx;

    public JmxSSTableImport(CassandraJmx jmx) {
        this.jmx = jmx;
    }

    @Override
    public List<String> importSSTables(String keyspace, String table, Path directory) {
        ObjectName mbean = objectName("org.apache.cassandra.db:type=Tables,keyspace=" + keyspace + ",table=" + table);
        Object[] arguments = {
            new HashSet<>(Set.of(directory.toString())),
            true, // resetLevel: the backup's compaction levels mean nothing among this node's SSTables
            true, // clearRepaired: repaired on the source cluster is not repaired here
            true, // verifySSTables: refuse corrupt files before they go live
            true, // verifyTokens: refuse partitions this node does not own
            true, // invalidateCaches: no row cache entry older than the imported data
            false, // extendedVerify: reads every value; too slow for large tables, the SHA-256 covered transfer
            false // copyData: move, the staging directory is on the data file system
        };
        try {
            Object failed = jmx.call(server -> server.invoke(mbean, "importNewSSTables", arguments, IMPORT_SIGNATURE));
            List<String> directories = new ArrayList<>();
            if (failed instanceof List<?> list) {
                list.forEach(entry -> directories.add(String.valueOf(entry)));
            }
            return directories;
        } catch (InstanceNotFoundException e) {
            throw new RestoreException(
                    FailureReason.TABLE_MISSING,
                    "Cassandra has no table " + keyspace + "." + table + " (no MBean " + mbean + ")");
        } catch (IOException | JMException | RuntimeMBeanException e) {
            throw failure(keyspace + "." + table, e);
        }
    }

    /** Cassandra's own message (for example "Directory ... does not exist") is in the innermost cause. */
    private RestoreException failure(String table, Exception e) {
        Throwable cause = e;
        if (e instanceof MBeanException || e instanceof RuntimeMBeanException || e instanceof ReflectionException) {
            cause = e.getCause() != null ? e.getCause() : e;
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        boolean unreachable = e instanceof IOException;
        return new RestoreException(
                FailureReason.CASSANDRA_ERROR,
                unreachable
                        ? "cannot reach Cassandra over JMX at " + jmx.url() + " (import into " + table + "): " + message
                        : "Cassandra failed the import into " + table + ": " + message,
                e);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}

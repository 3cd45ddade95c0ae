package io.ringvault.agent.snapshot;

import io.ringvault.agent.node.CassandraJmx;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;

/**
 * {@link SnapshotOperations} over JMX with plain {@code javax.management}: no Cassandra classes on the classpath. The
 * connection is {@link CassandraJmx}'s shared one.
 */
public class JmxSnapshotOperations implements SnapshotOperations {
    private static final ObjectName STORAGE_SERVICE = objectName("org.apache.cassandra.db:type=StorageService");
    private static final String[] TAKE_SIGNATURE = {
        String.class.getName(), Map.class.getName(), String[].class.getName()
    };
    private static final String[] CLEAR_SIGNATURE = {String.class.getName(), String[].class.getName()};
    private static final String[] FLUSH_SIGNATURE = {String.class.getName(), String[].class.getName()};

    private final CassandraJmx jmx;

    public JmxSnapshotOperations(CassandraJmx jmx) {
        this.jmx = jmx;
    }

    @Override
    public void takeSnapshot(String tag, List<String> entities) {
        // Options: none. Cassandra flushes first (skipFlush false) and keeps the snapshot until cleared (no ttl).
        invoke(
                "takeSnapshot",
                new Object[] {tag, new HashMap<String, String>(), entities.toArray(String[]::new)},
                TAKE_SIGNATURE);
    }

    @Override
    public void clearSnapshot(String tag) {
        // No keyspaces: clear the tag everywhere. The tag is a backup id, unique to ringvault.
        invoke("clearSnapshot", new Object[] {tag, new String[0]}, CLEAR_SIGNATURE);
    }

    @Override
    public boolean incrementalBackupsEnabled() {
        try {
            return Boolean.TRUE.equals(
                    jmx.call(server -> server.getAttribute(STORAGE_SERVICE, "IncrementalBackupsEnabled")));
        } catch (IOException | JMException e) {
            throw failure("IncrementalBackupsEnabled", e);
        }
    }

    @Override
    public void enableIncrementalBackups() {
        try {
            jmx.call(server -> {
                server.setAttribute(STORAGE_SERVICE, new Attribute("IncrementalBackupsEnabled", true));
                return null;
            });
        } catch (IOException | JMException e) {
            throw failure("IncrementalBackupsEnabled", e);
        }
    }

    @Override
    public void flush(String keyspace, List<String> tables) {
        // forceKeyspaceFlush blocks until the SSTables are written and, with incremental backups on, linked.
        invoke("forceKeyspaceFlush", new Object[] {keyspace, tables.toArray(String[]::new)}, FLUSH_SIGNATURE);
    }

    @Override
    public String releaseVersion() {
        try {
            Object version = jmx.call(server -> server.getAttribute(STORAGE_SERVICE, "ReleaseVersion"));
            return String.valueOf(version);
        } catch (IOException | JMException e) {
            throw failure("ReleaseVersion", e);
        }
    }

    private void invoke(String operation, Object[] arguments, String[] signature) {
        try {
            jmx.call(server -> server.invoke(STORAGE_SERVICE, operation, arguments, signature));
        } catch (IOException | JMException | RuntimeMBeanException e) {
            throw failure(operation, e);
        }
    }

    /** Cassandra's own message (for example "Snapshot x already exists.") is in the innermost cause. */
    private SnapshotOperationException failure(String operation, Exception e) {
        Throwable cause = e;
        if (e instanceof MBeanException || e instanceof RuntimeMBeanException || e instanceof ReflectionException) {
            cause = e.getCause() != null ? e.getCause() : e;
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        boolean alreadyExists = cause instanceof IOException && message.contains("already exists");
        boolean unreachable = cause instanceof IOException && !(e instanceof MBeanException);
        return new SnapshotOperationException(
                unreachable
                        ? "cannot reach Cassandra over JMX at " + jmx.url() + " (" + operation + "): " + message
                        : "Cassandra refused " + operation + ": " + message,
                alreadyExists,
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

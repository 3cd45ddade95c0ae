package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import java.nio.file.Path;

/**
 * Cassandra's bulk loader, the engine of {@code sstableloader}: it reads the SSTables of a directory named
 * {@code <...>/<keyspace>/<table>/}, asks the cluster for its ring and streams every partition to the nodes that are
 * its replicas. Unlike an import, the node that holds the files need not own their tokens. {@link ProcessBulkLoader}
 * runs the operator's loader as a child process.
 */
public interface BulkLoad {
    /**
     * Streams every SSTable in {@code directory} into {@code keyspace.table} of the cluster; returns once the loader
     * reported success. The files are left where they are.
     *
     * @param directory {@code <...>/<keyspace>/<table>}: the loader takes the keyspace and the table from its last two
     *     names
     * @throws RestoreException {@code bulk-load-failed} when the loader exits with an error, does not end in time, or
     *     none is configured, with a detail naming the node, the table and the loader's last lines
     */
    BulkLoadResult stream(String keyspace, String table, Path directory);

    /**
     * The loader of a node whose operator configured none: every stream is refused, naming the setting.
     *
     * @param node the node, as the detail names it
     */
    static BulkLoad notConfigured(String node) {
        return (keyspace, table, directory) -> {
            throw new RestoreException(
                    FailureReason.BULK_LOAD_FAILED,
                    "cannot stream " + keyspace + "." + table + " from " + node
                            + ": no bulk loader is configured; set ringvault.agent.bulk-loader.command"
                            + " (RINGVAULT_AGENT_BULK_LOADER_COMMAND) to Cassandra's bin/sstableloader");
        };
    }
}

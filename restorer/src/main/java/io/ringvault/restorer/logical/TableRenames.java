package io.ringvault.restorer.logical;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.restorer.restore.RestoreFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each table of a logical backup is restored: a table's own entry in {@code renames} ({@code ks.t → ks2.t2})
 * wins, else its keyspace's entry in {@code renameKeyspaces} ({@code ks → ks2}, the table keeps its name), else the
 * table itself. Names are internal (unquoted, as the manifests write them).
 */
public final class TableRenames {
    private final Map<String, String> tables;
    private final Map<String, String> keyspaces;

    public TableRenames(Map<String, String> tables, Map<String, String> keyspaces) {
        this.tables = tables == null ? Map.of() : Map.copyOf(tables);
        this.keyspaces = keyspaces == null ? Map.of() : Map.copyOf(keyspaces);
    }

    public static TableRenames of(RestoreRequested request) {
        return new TableRenames(request.renames(), request.renameKeyspaces());
    }

    /** The {@code keyspace.table} that {@code source} is restored into. */
    public String target(String source) {
        String renamed = tables.get(source);
        if (renamed != null) {
            return renamed;
        }
        String keyspace = keyspaceOf(source);
        return keyspaceTarget(keyspace) + "." + tableOf(source);
    }

    /** The keyspace that {@code keyspace}'s types, and its tables without a rename of their own, go to. */
    public String keyspaceTarget(String keyspace) {
        return keyspaces.getOrDefault(keyspace, keyspace);
    }

    /** Whether the table has a rename of its own (not only its keyspace's). */
    public boolean tableRenamed(String source) {
        return tables.containsKey(source);
    }

    /**
     * Refuses renames that name nothing of the restore, and two tables restored into one.
     *
     * @param sources the {@code keyspace.table} names the restore covers
     * @throws RestoreFailure {@code invalid-request} naming the rename
     */
    public void check(Set<String> sources, Set<String> backupKeyspaces) {
        for (String from : tables.keySet()) {
            if (!sources.contains(from)) {
                throw new RestoreFailure(
                        FailureReason.INVALID_REQUEST,
                        "rename " + from + "=" + tables.get(from) + " names a table this restore does not cover (it"
                                + " covers " + sources + ")");
            }
        }
        for (String from : keyspaces.keySet()) {
            if (!backupKeyspaces.contains(from)) {
                throw new RestoreFailure(
                        FailureReason.INVALID_REQUEST,
                        "keyspace rename " + from + "=" + keyspaces.get(from) + " names a keyspace the backup does not"
                                + " hold (it holds " + backupKeyspaces + ")");
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (String source : sources) {
            String previous = seen.put(target(source), source);
            if (previous != null) {
                throw new RestoreFailure(
                        FailureReason.INVALID_REQUEST,
                        "tables " + previous + " and " + source + " would both be restored into " + target(source)
                                + ": rename one of them");
            }
        }
    }

    static String keyspaceOf(String qualified) {
        return qualified.substring(0, qualified.indexOf('.'));
    }

    static String tableOf(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }
}

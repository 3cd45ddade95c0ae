package io.ringvault.agent.snapshot;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.TakeSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one snapshot covers: whole keyspaces, or only some tables. Following the contract, a non-empty {@code tables}
 * limits the snapshot to exactly those tables; otherwise every table of {@code keyspaces} is in it.
 *
 * @param wholeKeyspaces keyspaces snapshotted with all their tables and views
 * @param tables per keyspace, the only tables snapshotted (keyspaces not in {@code wholeKeyspaces})
 */
public record SnapshotScope(List<String> wholeKeyspaces, Map<String, Set<String>> tables) {
    /**
     * Keyspaces the agent never snapshots. Their content is node-local (system: tokens, peers, hints of this node),
     * regenerated (system_schema: the schema comes back from {@code SnapshotTaken.schema}), virtual (system_views,
     * system_virtual_schema) or disposable (system_traces, system_distributed). {@code system_auth} is allowed, but
     * only when a request names it.
     */
    public static final Set<String> FORBIDDEN_KEYSPACES = Set.of(
            "system", "system_schema", "system_traces", "system_distributed", "system_views", "system_virtual_schema");

    public SnapshotScope {
        wholeKeyspaces = List.copyOf(wholeKeyspaces);
        tables = sorted(tables);
    }

    /** Sorted, so that JMX calls and the state file come out the same every time. */
    static Map<String, Set<String>> sorted(Map<String, Set<String>> tables) {
        Map<String, Set<String>> copy = new TreeMap<>();
        tables.forEach(
                (keyspace, names) -> copy.put(keyspace, Collections.unmodifiableSortedSet(new TreeSet<>(names))));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The scope of a snapshot command.
     *
     * @throws SnapshotFailedException {@code keyspace-not-allowed} for a system keyspace
     */
    public static SnapshotScope of(TakeSnapshot command) {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        for (String table : command.tables()) {
            int dot = table.indexOf('.');
            tables.computeIfAbsent(table.substring(0, dot), keyspace -> new TreeSet<>())
                    .add(table.substring(dot + 1));
        }
        List<String> whole = tables.isEmpty() ? List.copyOf(new LinkedHashSet<>(command.keyspaces())) : List.of();
        SnapshotScope scope = new SnapshotScope(whole, tables);
        for (String keyspace : scope.keyspaces()) {
            if (FORBIDDEN_KEYSPACES.contains(keyspace)) {
                throw new SnapshotFailedException(
                        FailureReason.KEYSPACE_NOT_ALLOWED,
                        "keyspace '" + keyspace + "' is a system keyspace the node agent does not snapshot "
                                + FORBIDDEN_KEYSPACES.stream().sorted().toList()
                                + "; system_auth may be backed up by naming it");
            }
        }
        if (scope.keyspaces().isEmpty()) {
            throw new SnapshotFailedException(FailureReason.KEYSPACE_MISSING, "the command names no keyspace or table");
        }
        return scope;
    }

    /** Every keyspace in the snapshot, whole or not. */
    public List<String> keyspaces() {
        List<String> keyspaces = new ArrayList<>(wholeKeyspaces);
        tables.keySet().stream().filter(k -> !keyspaces.contains(k)).forEach(keyspaces::add);
        return keyspaces;
    }

    public boolean includes(String keyspace, String table) {
        return wholeKeyspaces.contains(keyspace)
                || tables.getOrDefault(keyspace, Set.of()).contains(table);
    }

    /**
     * The entities of each {@code takeSnapshot} call: Cassandra takes either keyspaces or {@code ks.table} names in one
     * call, not both.
     */
    public List<List<String>> entityGroups() {
        List<List<String>> groups = new ArrayList<>();
        if (!wholeKeyspaces.isEmpty()) {
            groups.add(wholeKeyspaces);
        }
        List<String> qualified = new ArrayList<>();
        tables.forEach((keyspace, names) -> names.forEach(name -> qualified.add(keyspace + "." + name)));
        if (!qualified.isEmpty()) {
            groups.add(qualified);
        }
        return groups;
    }
}

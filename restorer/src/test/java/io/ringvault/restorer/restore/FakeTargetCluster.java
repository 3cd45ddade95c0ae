package io.ringvault.restorer.restore;

import io.ringvault.restorer.cluster.TargetCluster;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The cluster a test restores into: nodes {@code h1} and {@code h2} of {@link TestBackup}, with keyspace {@code shop}
 * and its tables already as the backup defines them (so the schema step has nothing to do). Records truncations;
 * {@link #onTruncate} may throw, and {@link #down} makes every call fail like a driver that lost the cluster.
 */
final class FakeTargetCluster implements TargetCluster {
    List<TargetNode> nodes = new ArrayList<>(List.of(
            new TargetNode(TestBackup.NODE_1, List.of("-100")), new TargetNode(TestBackup.NODE_2, List.of("100"))));
    /** keyspace.table → its {@code CREATE TABLE} as the cluster's {@code DESCRIBE TABLE} prints it. */
    final Map<String, String> tables = new LinkedHashMap<>(
            Map.of(TestBackup.ORDERS, TestBackup.ORDERS_TABLE, TestBackup.USERS, TestBackup.USERS_TABLE));

    final List<String> ddl = Collections.synchronizedList(new ArrayList<>());
    final List<String> truncated = Collections.synchronizedList(new ArrayList<>());
    volatile Consumer<String> onTruncate = table -> {};
    volatile RuntimeException down;

    @Override
    public List<TargetNode> nodes() {
        reachable();
        return List.copyOf(nodes);
    }

    @Override
    public boolean keyspaceExists(String keyspace) {
        reachable();
        return tables.keySet().stream().anyMatch(t -> t.startsWith(keyspace + "."));
    }

    @Override
    public Set<String> tables(String keyspace) {
        reachable();
        Set<String> names = new TreeSet<>();
        tables.keySet().stream()
                .filter(t -> t.startsWith(keyspace + "."))
                .forEach(t -> names.add(t.substring(keyspace.length() + 1)));
        return names;
    }

    @Override
    public Set<String> types(String keyspace) {
        reachable();
        return Set.of();
    }

    @Override
    public Optional<String> describeTable(String keyspace, String table) {
        reachable();
        return Optional.ofNullable(tables.get(keyspace + "." + table));
    }

    @Override
    public void executeDdl(String statement) {
        reachable();
        ddl.add(statement);
    }

    @Override
    public void truncate(String keyspace, String table) {
        reachable();
        onTruncate.accept(keyspace + "." + table);
        truncated.add(keyspace + "." + table);
    }

    private void reachable() {
        if (down != null) {
            throw down;
        }
    }
}

package io.ringvault.coordinator.cluster;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.common.message.NodeRef;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads the schema and the ring from the DataStax driver's metadata, which the driver keeps current by itself. The
 * session is opened on first use, and again after a failure, so the coordinator starts (and reports) while Cassandra is
 * still down.
 */
public class CassandraClusterTopology implements ClusterTopology, AutoCloseable {
    private final Supplier<CqlSession> connector;
    private final String description;
    private CqlSession session;

    public CassandraClusterTopology(Supplier<CqlSession> connector, String description) {
        this.connector = connector;
        this.description = description;
    }

    private synchronized CqlSession session() {
        if (session == null || session.isClosed()) {
            try {
                session = connector.get();
            } catch (RuntimeException e) {
                throw new ClusterUnavailableException(
                        "cannot reach Cassandra at " + description + ": " + e.getMessage(), e);
            }
        }
        return session;
    }

    @Override
    public Optional<Set<String>> tablesOf(String keyspace) {
        return session()
                .getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .map(KeyspaceMetadata::getTables)
                .map(tables -> tables.keySet().stream()
                        .map(CqlIdentifier::asInternal)
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public Set<String> datacenters() {
        return session().getMetadata().getNodes().values().stream()
                .map(Node::getDatacenter)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public List<ClusterNode> nodes() {
        return session().getMetadata().getNodes().values().stream()
                .filter(node -> node.getHostId() != null)
                .map(node -> new ClusterNode(
                        new NodeRef(node.getHostId().toString(), address(node), node.getDatacenter(), node.getRack()),
                        node.getState() == NodeState.UP
                                || node.getState() == NodeState.UNKNOWN && node.getOpenConnections() > 0))
                .toList();
    }

    @Override
    public Optional<Set<String>> replicationDatacenters(String keyspace) {
        return session()
                .getMetadata()
                .getKeyspace(CqlIdentifier.fromInternal(keyspace))
                .map(KeyspaceMetadata::getReplication)
                .map(this::datacentersOf);
    }

    /** NetworkTopologyStrategy names its datacenters, with their replication factors; every other strategy spans all. */
    private Set<String> datacentersOf(Map<String, String> replication) {
        String strategy = replication.getOrDefault("class", "");
        if (!strategy.endsWith("NetworkTopologyStrategy")) {
            return datacenters();
        }
        Set<String> datacenters = new TreeSet<>();
        replication.forEach((option, factor) -> {
            if (!option.equals("class") && replicas(factor) > 0) {
                datacenters.add(option);
            }
        });
        return datacenters;
    }

    /** A replication factor, "3", or with transient replicas "3/1"; 0 for anything else. */
    private static int replicas(String factor) {
        try {
            return Integer.parseInt(factor.split("/", 2)[0].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<ReplicatedRange> ring(String keyspace) {
        TokenMap tokens = session()
                .getMetadata()
                .getTokenMap()
                .orElseThrow(() -> new ClusterUnavailableException(
                        "the driver has no token map of " + description + ", so the ring cannot be read", null));
        CqlIdentifier name = CqlIdentifier.fromInternal(keyspace);
        // TokenRange is ordered by its start, which is ring order; the range that wraps around comes last.
        List<ReplicatedRange> ring = new ArrayList<>();
        for (TokenRange range : new TreeSet<>(tokens.getTokenRanges())) {
            Set<String> replicas = new TreeSet<>();
            for (Node node : tokens.getReplicas(name, range)) {
                if (node.getHostId() != null) {
                    replicas.add(node.getHostId().toString());
                }
            }
            ring.add(new ReplicatedRange(tokens.format(range.getStart()), tokens.format(range.getEnd()), replicas));
        }
        return ring;
    }

    private static String address(Node node) {
        return node.getBroadcastRpcAddress()
                .map(InetSocketAddress::getHostString)
                .orElseGet(() -> node.getEndPoint().toString());
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
        }
    }
}

package io.ringvault.agent.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.ringvault.common.message.NodeRef;
import io.ringvault.connections.CqlSessions;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Cassandra node this agent runs beside, over CQL. Every statement is pinned to that node: {@code system.local}
 * answered by another node would describe the wrong node.
 */
public class LocalNode implements CassandraNode, LocalTables, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Above Cassandra's own truncate_request_timeout (60 s by default). */
    private static final Duration TRUNCATE_TIMEOUT = Duration.ofSeconds(120);

    private final CqlSession session;
    private final Node node;
    private final String contactPoint;

    LocalNode(CqlSession session, Node node, String contactPoint) {
        this.session = session;
        this.node = node;
        this.contactPoint = contactPoint;
    }

    /**
     * Connects to the node at {@code contactPoint} ({@code host:port} of its native transport) with a session from
     * {@code connector} (credentials and TLS are the caller's); fails naming the contact point when it cannot.
     */
    public static LocalNode connect(String contactPoint, Supplier<CqlSession> connector) {
        InetSocketAddress contact = CqlSessions.contactPoint(contactPoint);
        CqlSession session = connector.get();
        try {
            Node node = session.getMetadata().getNodes().values().stream()
                    .filter(candidate -> contact.equals(candidate.getEndPoint().resolve())
                            || candidate
                                    .getBroadcastRpcAddress()
                                    .map(contact::equals)
                                    .orElse(false))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("connected through " + contactPoint
                            + " but no node of the cluster has that address; set ringvault.agent.cassandra.contact-points"
                            + " to the local node's rpc address"));
            return new LocalNode(session, node, contactPoint);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Reads {@code system.local}: host id, address, datacenter, rack, release version and tokens. */
    @Override
    public NodeState state() {
        Row local =
                one("SELECT host_id, broadcast_address, data_center, rack, release_version, tokens FROM system.local");
        UUID hostId = local.getUuid("host_id");
        if (hostId == null) {
            throw new IllegalStateException("the node at " + contactPoint + " has no host id yet");
        }
        InetAddress address = local.getInetAddress("broadcast_address");
        NodeRef ref = new NodeRef(
                hostId.toString(),
                address == null ? null : address.getHostAddress(),
                local.getString("data_center"),
                local.getString("rack"));
        List<String> tokens = new ArrayList<>(local.getSet("tokens", String.class));
        tokens.sort(TOKEN_ORDER);
        return new NodeState(ref, local.getString("release_version"), tokens);
    }

    /**
     * The node's internode (storage) port, {@code system.local.listen_port} (Cassandra 4.0 and later). Cassandra's bulk
     * loader streams to every node on one storage port, which it is told rather than learns; the nodes of a cluster
     * share it. Empty when the node does not say (an older version).
     */
    public OptionalInt storagePort() {
        try {
            Row local = one("SELECT listen_port FROM system.local");
            return local.isNull("listen_port") ? OptionalInt.empty() : OptionalInt.of(local.getInt("listen_port"));
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public boolean keyspaceExists(String keyspace) {
        return execute(SimpleStatement.newInstance(
                                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace))
                        .one()
                != null;
    }

    /** The tables and materialized views of a keyspace: each has a data directory, and so a snapshot directory. */
    @Override
    public Set<String> tablesOf(String keyspace) {
        Set<String> tables = new TreeSet<>();
        execute(SimpleStatement.newInstance(
                        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))
                .forEach(row -> tables.add(row.getString(0)));
        execute(SimpleStatement.newInstance(
                        "SELECT view_name FROM system_schema.views WHERE keyspace_name = ?", keyspace))
                .forEach(row -> tables.add(row.getString(0)));
        return tables;
    }

    /** {@code DESCRIBE KEYSPACE}, run by the server: the CQL that recreates the keyspace, its types and tables. */
    @Override
    public String describeKeyspace(String keyspace) {
        StringBuilder cql = new StringBuilder();
        for (Row row : execute(SimpleStatement.newInstance("DESCRIBE KEYSPACE \"" + keyspace + "\""))) {
            if (!cql.isEmpty()) {
                cql.append("\n\n");
            }
            cql.append(row.getString("create_statement"));
        }
        return cql.toString();
    }

    @Override
    public boolean tableExists(String keyspace, String table) {
        return execute(SimpleStatement.newInstance(
                                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                                keyspace,
                                table))
                        .one()
                != null;
    }

    /** The names are identifiers the caller checked ({@code [A-Za-z0-9_]}); quoted, so mixed case is kept. */
    @Override
    public void truncate(String keyspace, String table) {
        session.execute(SimpleStatement.newInstance("TRUNCATE \"" + keyspace + "\".\"" + table + "\"")
                .setNode(node)
                .setTimeout(TRUNCATE_TIMEOUT));
    }

    private Row one(String query) {
        Row row = execute(SimpleStatement.newInstance(query)).one();
        if (row == null) {
            throw new IllegalStateException("no answer to '" + query + "' from " + contactPoint);
        }
        return row;
    }

    private ResultSet execute(SimpleStatement statement) {
        return session.execute(statement.setNode(node).setTimeout(TIMEOUT));
    }

    /**
     * The agent's CQL session and the driver's handle on the local node, for work that reads through CQL itself (the
     * logical export sends its reads to {@link #node()}).
     */
    public CqlSession session() {
        return session;
    }

    /** The local node as the driver knows it: statements pinned to it ({@code setNode}) are coordinated there. */
    public Node node() {
        return node;
    }

    @Override
    public void close() {
        session.close();
    }

    /** Murmur3 and random partitioner tokens are integers and sort as such; others sort as text. */
    private static final Comparator<String> TOKEN_ORDER = (a, b) -> {
        try {
            return new BigInteger(a).compareTo(new BigInteger(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    };
}

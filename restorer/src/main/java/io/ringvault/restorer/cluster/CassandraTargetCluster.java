package io.ringvault.restorer.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import io.ringvault.common.message.NodeRef;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target cluster through the DataStax driver: topology and tokens from the driver's metadata, schema from
 * {@code system_schema} and server-side {@code DESCRIBE}. The session is opened on first use and again after it was
 * closed, so the restorer starts while Cassandra is still down.
 */
public class CassandraTargetCluster implements TargetCluster, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraTargetCluster.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
    /** Above Cassandra's own truncate_request_timeout (60 s by default). */
    private static final Duration TRUNCATE_TIMEOUT = Duration.ofSeconds(120);

    private final Supplier<CqlSession> connector;
    private CqlSession session;

    public CassandraTargetCluster(Supplier<CqlSession> connector) {
        this.connector = connector;
    }

    /** The session to the target cluster, opened on first use and again after it was closed. */
    public synchronized CqlSession session() {
        if (session == null || session.isClosed()) {
            session = connector.get();
        }
        return session;
    }

    @Override
    public List<TargetNode> nodes() {
        Metadata metadata = session().getMetadata();
        Optional<TokenMap> tokenMap = metadata.getTokenMap();
        List<TargetNode> nodes = new ArrayList<>();
        for (Node node : metadata.getNodes().values()) {
            if (node.getHostId() == null) {
                continue;
            }
            List<String> tokens = new ArrayList<>();
            tokenMap.ifPresent(map -> {
                for (Token token : map.getTokens(node)) {
                    tokens.add(map.format(token));
                }
            });
            tokens.sort(TOKEN_ORDER);
            String address = node.getBroadcastRpcAddress()
                    .map(InetSocketAddress::getAddress)
                    .map(java.net.InetAddress::getHostAddress)
                    .orElseGet(() -> node.getEndPoint().resolve() instanceof InetSocketAddress socket
                            ? socket.getHostString()
                            : node.getEndPoint().toString());
            nodes.add(new TargetNode(
                    new NodeRef(node.getHostId().toString(), address, node.getDatacenter(), node.getRack()), tokens));
        }
        return nodes;
    }

    @Override
    public boolean keyspaceExists(String keyspace) {
        return execute(SimpleStatement.newInstance(
                                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace))
                        .one()
                != null;
    }

    @Override
    public Set<String> tables(String keyspace) {
        Set<String> tables = new TreeSet<>();
        execute(SimpleStatement.newInstance(
                        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace))
                .forEach(row -> tables.add(row.getString(0)));
        return tables;
    }

    @Override
    public Set<String> types(String keyspace) {
        Set<String> types = new TreeSet<>();
        execute(SimpleStatement.newInstance(
                        "SELECT type_name FROM system_schema.types WHERE keyspace_name = ?", keyspace))
                .forEach(row -> types.add(row.getString(0)));
        return types;
    }

    /** The first statement of {@code DESCRIBE TABLE} is the table's own; indexes and views follow it. */
    @Override
    public Optional<String> describeTable(String keyspace, String table) {
        for (Row row : execute(SimpleStatement.newInstance(
                "DESCRIBE TABLE " + CqlNames.quote(keyspace) + "." + CqlNames.quote(table)))) {
            if ("table".equals(row.getString("type"))) {
                return Optional.ofNullable(row.getString("create_statement"));
            }
        }
        return Optional.empty();
    }

    @Override
    public void executeDdl(String statement) {
        CqlSession cql = session();
        cql.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
        // The driver waits for agreement after DDL already; a cluster that did not agree in time is checked again.
        if (!cql.checkSchemaAgreement()) {
            LOG.warn("schema agreement not reached after DDL; continuing, the agents check tables themselves");
        }
    }

    @Override
    public void truncate(String keyspace, String table) {
        session()
                .execute(SimpleStatement.newInstance(
                                "TRUNCATE " + CqlNames.quote(keyspace) + "." + CqlNames.quote(table))
                        .setTimeout(TRUNCATE_TIMEOUT));
    }

    private com.datastax.oss.driver.api.core.cql.ResultSet execute(SimpleStatement statement) {
        return session().execute(statement.setTimeout(TIMEOUT));
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
        }
    }

    /** Murmur3 and random partitioner tokens are integers and sort as such; others sort as text. */
    public static final Comparator<String> TOKEN_ORDER = (a, b) -> {
        try {
            return new BigInteger(a).compareTo(new BigInteger(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    };
}

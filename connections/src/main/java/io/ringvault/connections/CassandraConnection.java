package io.ringvault.connections;

import java.util.List;

/**
 * How a service reaches Cassandra over CQL: the {@code cassandra.*} settings of the coordinator
 * ({@code ringvault.coordinator.cassandra}), the restorer ({@code ringvault.restorer.cassandra}) and the node agent
 * ({@code ringvault.agent.cassandra}, its own node only). The same keys, defaults and meaning in each; sessions are
 * opened by {@link CqlSessions#connector(CassandraConnection)}.
 *
 * @param contactPoints {@code host:port} of one or more nodes (port 9042 when left out; {@code [v6]:port} for IPv6);
 *     default {@code 127.0.0.1:9042}
 * @param localDatacenter the driver's local datacenter; default {@code dc1}
 * @param username PasswordAuthenticator user; empty: no login
 * @param password its password
 * @param ssl TLS to the nodes; off when absent
 */
public record CassandraConnection(
        List<String> contactPoints, String localDatacenter, String username, Secret password, CassandraSsl ssl) {

    /** The contact point when none is given: a node on this host. */
    public static final String DEFAULT_CONTACT_POINT = "127.0.0.1:9042";

    public static final String DEFAULT_DATACENTER = "dc1";

    public CassandraConnection {
        contactPoints = Settings.listOrDefault(contactPoints, List.of(DEFAULT_CONTACT_POINT));
        localDatacenter = Settings.orDefault(localDatacenter, DEFAULT_DATACENTER);
        username = Settings.blankToNull(username);
        ssl = ssl == null ? CassandraSsl.disabled() : ssl;
    }

    /** Every setting at its default: a node on this host, no login, no TLS. */
    public static CassandraConnection defaults() {
        return new CassandraConnection(null, null, null, null, null);
    }
}

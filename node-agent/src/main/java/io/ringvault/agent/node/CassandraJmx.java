package io.ringvault.agent.node;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * Connections to the local Cassandra node's JMX, for the snapshots and the imports: its service URL, optional
 * credentials and optional TLS. Each call opens a new connection: the callers are rare, and a fresh connection survives
 * Cassandra restarts.
 *
 * <p>With TLS, the JVM's default trust decides which certificates are accepted ({@code -Djavax.net.ssl.trustStore} and
 * {@code -Djavax.net.ssl.trustStorePassword}, else the JDK's {@code cacerts}), as for {@code nodetool --ssl}.
 */
public final class CassandraJmx {
    /** The JNDI setting that makes the RMI registry lookup itself go over TLS (Cassandra's registry is TLS then). */
    private static final String RMI_REGISTRY_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";

    private final String url;
    private final String username;
    private final String password;
    private final boolean ssl;

    public CassandraJmx(String url, String username, String password, boolean ssl) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.ssl = ssl;
    }

    /** A new connection; the caller closes it. */
    public JMXConnector connect() throws IOException {
        Map<String, Object> environment = new HashMap<>();
        if (username != null && !username.isBlank()) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {username, password == null ? "" : password});
        }
        if (ssl) {
            // The connections after the lookup take their TLS from the stub the server hands out.
            environment.put(RMI_REGISTRY_SOCKET_FACTORY, new SslRMIClientSocketFactory());
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(url), environment);
    }

    /** The service URL, for messages. */
    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return "CassandraJmx[url=" + url + ", username=" + username + ", ssl=" + ssl + "]";
    }
}

package io.ringvault.agent.node;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * The local Cassandra node's JMX, for the snapshots and the imports: its service URL, optional credentials and optional
 * TLS. {@link #call} runs on one connection kept open between calls (opening one costs a registry lookup, a handshake
 * and, with TLS, more: tens of milliseconds, a good part of a differential backup's snapshot). Before each call one
 * round trip checks that the connection still works; one broken by a Cassandra restart is replaced, so a call never
 * fails for a connection that was already dead before it started. A call is never sent twice.
 *
 * <p>With TLS, the JVM's default trust decides which certificates are accepted ({@code -Djavax.net.ssl.trustStore} and
 * {@code -Djavax.net.ssl.trustStorePassword}, else the JDK's {@code cacerts}), as for {@code nodetool --ssl}.
 */
public final class CassandraJmx implements AutoCloseable {
    /** The JNDI setting that makes the RMI registry lookup itself go over TLS (Cassandra's registry is TLS then). */
    private static final String RMI_REGISTRY_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";

    private final String url;
    private final String username;
    private final String password;
    private final boolean ssl;

    /** The connection {@link #call} uses; null until the first call, and after one broke. */
    private JMXConnector shared;

    /** One operation on Cassandra's MBean server. */
    @FunctionalInterface
    public interface Call<T> {
        T on(MBeanServerConnection server) throws IOException, JMException;
    }

    public CassandraJmx(String url, String username, String password, boolean ssl) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.ssl = ssl;
    }

    /**
     * Runs {@code call} on the shared connection, opening it first if there is none or the last one no longer answers.
     * An {@link IOException} from the call itself discards the connection (the next call opens a new one) and is
     * thrown: whether Cassandra acted on the call is unknown, so it is not sent again.
     */
    public <T> T call(Call<T> call) throws IOException, JMException {
        JMXConnector connector = connection();
        try {
            return call.on(connector.getMBeanServerConnection());
        } catch (IOException e) {
            discard(connector);
            throw e;
        }
    }

    private synchronized JMXConnector connection() throws IOException {
        if (shared != null) {
            try {
                // A round trip: a connection Cassandra dropped (a restart) fails here, before anything is asked of it.
                shared.getMBeanServerConnection().getMBeanCount();
                return shared;
            } catch (IOException e) {
                closeQuietly(shared);
                shared = null;
            }
        }
        shared = connect();
        return shared;
    }

    private synchronized void discard(JMXConnector connector) {
        if (shared == connector) {
            shared = null;
        }
        closeQuietly(connector);
    }

    /** Closes the shared connection; the next call opens a new one. */
    @Override
    public synchronized void close() {
        if (shared != null) {
            closeQuietly(shared);
            shared = null;
        }
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException e) {
            // Already broken: nothing to release on the server's side that closing could reach.
        }
    }

    /** A new connection of its own; the caller closes it. */
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

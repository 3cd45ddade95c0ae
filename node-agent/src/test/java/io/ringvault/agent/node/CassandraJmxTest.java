package io.ringvault.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.testkit.SelfSignedTls;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.security.KeyStore;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.rmi.ssl.SslRMIServerSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX over TLS the way Cassandra serves it with {@code com.sun.management.jmxremote.ssl} (the RMI registry and the
 * connections both TLS), here from an in-process connector server with a self-signed certificate.
 */
class CassandraJmxTest {
    @TempDir
    static Path directory;

    private static SSLContext defaultContext;
    private static Registry registry;
    private static JMXConnectorServer server;
    private static String url;

    /**
     * Once for the class: {@link SslRMIClientSocketFactory} keeps the JVM's default socket factory of its first use
     * for good, so the trust set here cannot change between tests.
     */
    @BeforeAll
    static void startTlsJmxServer() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate(directory);
        // What -Djavax.net.ssl.trustStore does for the agent: the JVM's default trust knows the server's certificate
        // (the server's own bind into its TLS registry needs it too).
        defaultContext = SSLContext.getDefault();
        SSLContext.setDefault(trusting(tls));
        SslRMIClientSocketFactory clientSockets = new SslRMIClientSocketFactory();
        SslRMIServerSocketFactory serverSockets = new SslRMIServerSocketFactory(serverContext(tls), null, null, false);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        registry = LocateRegistry.createRegistry(port, clientSockets, serverSockets);
        url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL(url),
                Map.of(
                        RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE,
                        clientSockets,
                        RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
                        serverSockets,
                        "com.sun.jndi.rmi.factory.socket",
                        clientSockets),
                ManagementFactory.getPlatformMBeanServer());
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (defaultContext != null) {
            SSLContext.setDefault(defaultContext);
        }
        if (server != null) {
            server.stop();
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void shouldReadAnAttributeOverTls() throws Exception {
        try (JMXConnector connector = new CassandraJmx(url, null, null, true).connect()) {
            Object vmName = connector
                    .getMBeanServerConnection()
                    .getAttribute(new ObjectName("java.lang:type=Runtime"), "VmName");

            assertThat(vmName).isEqualTo(System.getProperty("java.vm.name"));
        }
    }

    @Test
    void shouldKeepOneConnectionAcrossCallsUntilClosed() throws Exception {
        ObjectName runtime = new ObjectName("java.lang:type=Runtime");
        String[] before = server.getConnectionIds();
        try (CassandraJmx jmx = new CassandraJmx(url, null, null, true)) {
            Object first = jmx.call(connection -> connection.getAttribute(runtime, "VmName"));
            Object second = jmx.call(connection -> connection.getAttribute(runtime, "VmVendor"));

            assertThat(first).isEqualTo(System.getProperty("java.vm.name"));
            assertThat(second).isEqualTo(System.getProperty("java.vm.vendor"));
            assertThat(server.getConnectionIds()).hasSize(before.length + 1);
        }
        assertThat(server.getConnectionIds()).containsExactlyInAnyOrder(before);
    }

    @Test
    void shouldNotReachATlsRegistryWithoutTls() {
        assertThatThrownBy(
                        () -> new CassandraJmx(url, null, null, false).connect().close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldNeverPrintThePassword() {
        assertThat(new CassandraJmx(url, "cassandra", "the-jmx-password", true).toString())
                .contains(url, "cassandra", "ssl=true")
                .doesNotContain("the-jmx-password");
    }

    private static SSLContext serverContext(SelfSignedTls tls) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(tls.keystore(), tls.password()), tls.password().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext trusting(SelfSignedTls tls) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(tls.truststore(), tls.password()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}

package io.ringvault.connections;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.internal.core.ssl.DefaultSslEngineFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * CQL sessions for the services (the coordinator, the node agent, the restorer), so that contact points,
 * credentials and TLS mean the same in each of them.
 */
public final class CqlSessions {
    private static final int NATIVE_TRANSPORT_PORT = 9042;

    private CqlSessions() {}

    /** A connector to {@code cassandra} with the driver's default options, see the method below. */
    public static Supplier<CqlSession> connector(CassandraConnection cassandra) {
        return connector(cassandra, DriverConfigLoader.programmaticBuilder());
    }

    /** A connector to {@code cassandra} with the caller's own driver options, see the method below. */
    public static Supplier<CqlSession> connector(
            CassandraConnection cassandra, ProgrammaticDriverConfigLoaderBuilder driverConfig) {
        return connector(
                cassandra.contactPoints(),
                cassandra.localDatacenter(),
                cassandra.username(),
                cassandra.password(),
                cassandra.ssl(),
                driverConfig);
    }

    /** A connector with the driver's default options, see the method below. */
    public static Supplier<CqlSession> connector(
            List<String> contactPoints, String localDatacenter, String username, Secret password, CassandraSsl ssl) {
        return connector(
                contactPoints, localDatacenter, username, password, ssl, DriverConfigLoader.programmaticBuilder());
    }

    /**
     * Opens a new session each time it is asked: to {@code contactPoints} ({@code host:port}, port 9042 when left out)
     * in {@code localDatacenter}, logged in when {@code username} is set, over TLS when {@code ssl} is enabled. The
     * settings are checked now, so that a bad one fails the service's start rather than its first request.
     *
     * @param driverConfig the caller's own driver options (timeouts); the TLS options are added to it
     * @throws IllegalArgumentException when a contact point is malformed or a TLS store file cannot be read
     */
    public static Supplier<CqlSession> connector(
            List<String> contactPoints,
            String localDatacenter,
            String username,
            Secret password,
            CassandraSsl ssl,
            ProgrammaticDriverConfigLoaderBuilder driverConfig) {
        CassandraSsl tls = ssl == null ? CassandraSsl.disabled() : ssl;
        if (tls.enabled()) {
            addTls(tls, driverConfig);
        }
        CqlSessionBuilder builder =
                CqlSession.builder().withLocalDatacenter(localDatacenter).withConfigLoader(driverConfig.build());
        contactPoints.forEach(contactPoint -> builder.addContactPoint(contactPoint(contactPoint)));
        if (username != null && !username.isBlank()) {
            builder.withAuthCredentials(username, password == null ? "" : password.value());
        }
        return () -> connect(builder, tls);
    }

    /**
     * A node that wants TLS, or a client certificate, closes the connection during the handshake, and the driver only
     * says "Unexpected error on channel": name the setting that is probably missing.
     */
    private static CqlSession connect(CqlSessionBuilder builder, CassandraSsl ssl) {
        try {
            return builder.build();
        } catch (AllNodesFailedException e) {
            boolean closedDuringHandshake = e.getAllErrors().values().stream()
                    .flatMap(List::stream)
                    .anyMatch(error -> error instanceof ConnectionInitException
                            && error.getCause() instanceof ClosedConnectionException);
            if (!closedDuringHandshake) {
                throw e;
            }
            String hint = !ssl.enabled()
                    ? "a node that accepts TLS only (client_encryption_options) does that to clients without TLS:"
                            + " set cassandra.ssl.enabled (RINGVAULT_CASSANDRA_SSL_ENABLED=true)"
                    : ssl.keystorePath() == null
                            ? "a node that requires client certificates (require_client_auth) does that to clients"
                                    + " without one: set cassandra.ssl.keystore-path (RINGVAULT_CASSANDRA_SSL_KEYSTORE_PATH)"
                            : "check that the node trusts this client's certificate";
            throw new IllegalStateException(
                    e.getMessage() + ". The node closed the connection during the CQL handshake; " + hint, e);
        }
    }

    /** {@code host:port}, {@code host}, {@code [ipv6]:port} or {@code [ipv6]}; the port is 9042 when left out. */
    public static InetSocketAddress contactPoint(String contactPoint) {
        String value = contactPoint.strip();
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        // A bare IPv6 address has colons but no port.
        boolean hasPort = colon > 0 && (bracketed ? value.lastIndexOf(']') < colon : value.indexOf(':') == colon);
        String host = hasPort ? value.substring(0, colon) : value;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in the Cassandra contact point '" + contactPoint + "'");
        }
        try {
            int port = hasPort ? Integer.parseInt(value.substring(colon + 1)) : NATIVE_TRANSPORT_PORT;
            return new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the Cassandra contact point '" + contactPoint + "' is not host:port", e);
        }
    }

    /**
     * The driver's own {@link DefaultSslEngineFactory}: the truststore and keystore files when given, the JVM's default
     * trust otherwise. The files are checked here so that a typo fails with the setting's name, not deep in Netty.
     */
    private static void addTls(CassandraSsl ssl, ProgrammaticDriverConfigLoaderBuilder driverConfig) {
        driverConfig
                .withClass(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, DefaultSslEngineFactory.class)
                .withBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, ssl.hostnameValidation());
        if (ssl.truststorePath() != null) {
            driverConfig.withString(
                    DefaultDriverOption.SSL_TRUSTSTORE_PATH,
                    readable(ssl.truststorePath(), "cassandra.ssl.truststore-path"));
            if (ssl.truststorePassword() != null) {
                driverConfig.withString(
                        DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD,
                        ssl.truststorePassword().value());
            }
        }
        if (ssl.keystorePath() != null) {
            driverConfig
                    .withString(
                            DefaultDriverOption.SSL_KEYSTORE_PATH,
                            readable(ssl.keystorePath(), "cassandra.ssl.keystore-path"))
                    .withString(
                            DefaultDriverOption.SSL_KEYSTORE_PASSWORD,
                            ssl.keystorePassword().value());
        }
    }

    private static String readable(String file, String setting) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(setting + " names a file that cannot be read: " + path);
        }
        return path.toString();
    }
}

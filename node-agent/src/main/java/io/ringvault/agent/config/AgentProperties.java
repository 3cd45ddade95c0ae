package io.ringvault.agent.config;

import io.ringvault.connections.CassandraConnection;
import io.ringvault.connections.Secret;
import io.ringvault.connections.Settings;
import io.ringvault.connections.tls.ServerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The node agent's settings ({@code ringvault.agent.*}). The defaults are here, and only here: an absent or empty
 * setting takes them ({@code application.yml} maps the environment variables with empty defaults); a bad value fails
 * the start with the property's name.
 *
 * @param token the bearer token uploaders and restorers present; at least 16 characters, required unless {@code auth}
 *     is {@link AgentAuth#MTLS}; prints as {@code (redacted)}
 * @param advertisedUrl the base URL put in {@code FileReady.agentUrl}; empty means {@code http://127.0.0.1:<port>}, or
 *     {@code https://127.0.0.1:<port>} with {@code tls}
 * @param jmxUrl the JMX service URL of the local Cassandra node; default
 *     {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi}
 * @param jmxUsername optional JMX user
 * @param jmxPassword optional JMX password
 * @param jmxSsl whether JMX (its RMI registry and connections) is over TLS; the certificates trusted are the JVM's
 *     ({@code -Djavax.net.ssl.trustStore}, else the JDK's {@code cacerts}); default false
 * @param cassandra how to reach the local node over CQL: one contact point, the node's own
 * @param dataDirectories the node's {@code data_file_directories}, in Cassandra's order (the index is
 *     {@code FileReady.dataDirectory}); default {@code /var/lib/cassandra/data}
 * @param workDirectory where the agent keeps the record of the snapshots it took; default {@code .ringvault/agent}
 * @param stagingDirectory where restored SSTables are staged before their import; empty means
 *     {@code <first data directory>/../ringvault-staging}. It must be on the data directories' file system (Cassandra
 *     then moves the imported files instead of copying them), writable by the agent and by Cassandra
 * @param exposeLocalPath whether {@code FileReady.localPath} carries the file's absolute path; default false
 * @param consumerGroup the commands consumer group; empty means {@code ringvault-agent-<hostId>}
 * @param source the CloudEvent source of the agent's events; empty means {@code /ringvault/node-agent/<hostId>}
 * @param startupReplayTimeout how long the start-up replay of the events topic may take; default 5 minutes
 * @param clearRetryInterval how often snapshots that could not be cleared are tried again; default 1 minute
 * @param auth how callers of the API authenticate: {@code token} (default), {@code mtls} or {@code both}; the last two
 *     need {@code tls} with a {@code client-ca}
 * @param tls HTTPS for the agent's port; default none (plain HTTP)
 */
@ConfigurationProperties("ringvault.agent")
public record AgentProperties(
        Secret token,
        String advertisedUrl,
        String jmxUrl,
        String jmxUsername,
        Secret jmxPassword,
        Boolean jmxSsl,
        CassandraConnection cassandra,
        List<Path> dataDirectories,
        Path workDirectory,
        Path stagingDirectory,
        Boolean exposeLocalPath,
        String consumerGroup,
        String source,
        Duration startupReplayTimeout,
        Duration clearRetryInterval,
        AgentAuth auth,
        ServerTls tls) {

    /** The shortest token the agent accepts. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AgentProperties {
        auth = Settings.orDefault(auth, AgentAuth.TOKEN);
        tls = Settings.orDefault(tls, ServerTls.none());
        // With mtls the certificate replaces the token; a token given anyway must still be a real one.
        if ((auth.checksToken() && token == null) || (token != null && token.length() < MIN_TOKEN_LENGTH)) {
            throw new IllegalArgumentException("ringvault.agent.token (RINGVAULT_AGENT_TOKEN) is required: at least "
                    + MIN_TOKEN_LENGTH + " characters, the same in the uploaders and restorers");
        }
        if (auth.needsClientCertificate() && !tls.clientCertificates()) {
            throw new IllegalArgumentException(
                    "ringvault.agent.auth=" + auth.name().toLowerCase(Locale.ROOT)
                            + " needs HTTPS with client certificates: ringvault.agent.tls.certificate, .private-key and"
                            + " .client-ca (RINGVAULT_AGENT_TLS_CERTIFICATE, _PRIVATE_KEY, _CLIENT_CA)");
        }
        if (!auth.needsClientCertificate() && tls.clientCertificates()) {
            throw new IllegalArgumentException("ringvault.agent.tls.client-ca (RINGVAULT_AGENT_TLS_CLIENT_CA) is used"
                    + " only with ringvault.agent.auth=mtls or both (RINGVAULT_AGENT_AUTH), not with token");
        }
        advertisedUrl = Settings.blankToNull(advertisedUrl);
        // Boxed, so that an empty value (an unset variable) binds as "not set" rather than failing.
        jmxSsl = jmxSsl != null && jmxSsl;
        exposeLocalPath = exposeLocalPath != null && exposeLocalPath;
        jmxUrl = Settings.orDefault(jmxUrl, "service:jmx:rmi:///jndi/rmi://127.0.0.1:7199/jmxrmi");
        jmxUsername = Settings.blankToNull(jmxUsername);
        cassandra = Settings.orDefault(cassandra, CassandraConnection.defaults());
        if (cassandra.contactPoints().size() != 1) {
            throw new IllegalArgumentException("ringvault.agent.cassandra.contact-points must be one host:port, the"
                    + " local node's own native transport, not " + cassandra.contactPoints());
        }
        List<Path> given = dataDirectories == null
                ? List.of()
                : dataDirectories.stream()
                        .filter(Objects::nonNull)
                        .filter(path -> !path.toString().isBlank())
                        .toList();
        dataDirectories = given.isEmpty() ? List.of(Path.of("/var/lib/cassandra/data")) : given;
        workDirectory = isBlank(workDirectory) ? Path.of(".ringvault", "agent") : workDirectory;
        stagingDirectory = isBlank(stagingDirectory) ? null : stagingDirectory;
        consumerGroup = Settings.blankToNull(consumerGroup);
        source = Settings.blankToNull(source);
        startupReplayTimeout = Settings.positive(
                Settings.orDefault(startupReplayTimeout, Duration.ofMinutes(5)),
                "ringvault.agent.startup-replay-timeout");
        clearRetryInterval = Settings.positive(
                Settings.orDefault(clearRetryInterval, Duration.ofMinutes(1)), "ringvault.agent.clear-retry-interval");
    }

    /** The local node's contact point, {@code host:port}. */
    public String contactPoint() {
        return cassandra.contactPoints().get(0);
    }

    /** {@code stagingDirectory}, or {@code ringvault-staging} beside the first data directory. */
    public Path stagingRoot() {
        if (stagingDirectory != null) {
            return stagingDirectory.toAbsolutePath().normalize();
        }
        Path data = dataDirectories.get(0).toAbsolutePath().normalize();
        return (data.getParent() == null ? data : data.getParent()).resolve("ringvault-staging");
    }

    private static boolean isBlank(Path path) {
        return path == null || path.toString().isBlank();
    }
}

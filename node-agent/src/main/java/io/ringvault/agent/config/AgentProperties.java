package io.ringvault.agent.config;

import io.ringvault.connections.CassandraSsl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The node agent's settings ({@code ringvault.agent.*}). Every key is documented in {@code node-agent/DESIGN.md}.
 *
 * @param token the bearer token uploaders present to fetch snapshot files; at least 16 characters, never logged
 * @param advertisedUrl the base URL put in {@code FileReady.agentUrl}; empty means {@code http://127.0.0.1:<port>}
 * @param jmxUrl the JMX service URL of the local Cassandra node
 * @param jmxUsername optional JMX user
 * @param jmxPassword optional JMX password, never logged
 * @param jmxSsl whether JMX (its RMI registry and connections) is over TLS; the certificates trusted are the JVM's
 *     ({@code -Djavax.net.ssl.trustStore}, else the JDK's {@code cacerts})
 * @param cassandra how to reach the local node over CQL
 * @param dataDirectories the node's {@code data_file_directories}, in Cassandra's order (the index is
 *     {@code FileReady.dataDirectory})
 * @param workDirectory where the agent keeps the record of the snapshots it took
 * @param stagingDirectory where restored SSTables are staged before their import; empty means
 *     {@code <first data directory>/../ringvault-staging}. It must be on the data directories' file system (Cassandra
 *     then moves the imported files instead of copying them), writable by the agent and by Cassandra
 * @param exposeLocalPath whether {@code FileReady.localPath} carries the file's absolute path
 * @param consumerGroup the commands consumer group; empty means {@code ringvault-agent-<hostId>}
 * @param source the CloudEvent source of the agent's events; empty means {@code /ringvault/node-agent/<hostId>}
 * @param startupReplayTimeout how long the start-up replay of the events topic may take
 * @param clearRetryInterval how often snapshots that could not be cleared are tried again
 */
@Validated
@ConfigurationProperties("ringvault.agent")
public record AgentProperties(
        @NotBlank @Size(min = 16, message = "must be at least 16 characters")
        String token,

        String advertisedUrl,
        @NotBlank String jmxUrl,
        String jmxUsername,
        String jmxPassword,
        boolean jmxSsl,
        @Valid @NotNull Cassandra cassandra,
        @NotEmpty List<@NotNull Path> dataDirectories,
        @NotNull Path workDirectory,
        Path stagingDirectory,
        boolean exposeLocalPath,
        String consumerGroup,
        String source,
        @NotNull Duration startupReplayTimeout,
        @NotNull Duration clearRetryInterval) {

    public AgentProperties {
        dataDirectories = dataDirectories == null ? List.of() : List.copyOf(dataDirectories);
        if (stagingDirectory != null && stagingDirectory.toString().isBlank()) {
            stagingDirectory = null;
        }
    }

    /** {@code stagingDirectory}, or {@code ringvault-staging} beside the first data directory. */
    public Path stagingRoot() {
        if (stagingDirectory != null) {
            return stagingDirectory.toAbsolutePath().normalize();
        }
        Path data = dataDirectories.get(0).toAbsolutePath().normalize();
        return (data.getParent() == null ? data : data.getParent()).resolve("ringvault-staging");
    }

    /**
     * The local Cassandra node over CQL.
     *
     * @param contactPoint {@code host:port} of the local node's native transport
     * @param localDatacenter the node's datacenter, as the driver's local datacenter
     * @param username optional PasswordAuthenticator user
     * @param password optional password, never logged
     * @param ssl TLS to the node; off when absent
     */
    public record Cassandra(
            @NotBlank String contactPoint,
            @NotBlank String localDatacenter,
            String username,
            String password,
            CassandraSsl ssl) {
        public Cassandra {
            ssl = ssl == null ? CassandraSsl.disabled() : ssl;
        }

        @Override
        public String toString() {
            return "Cassandra[contactPoint=" + contactPoint + ", localDatacenter=" + localDatacenter + ", username="
                    + username + ", password=" + redacted(password) + ", ssl=" + ssl + "]";
        }
    }

    @Override
    public String toString() {
        return "AgentProperties[token=" + redacted(token) + ", advertisedUrl=" + advertisedUrl + ", jmxUrl=" + jmxUrl
                + ", jmxUsername=" + jmxUsername + ", jmxPassword=" + redacted(jmxPassword) + ", jmxSsl=" + jmxSsl
                + ", cassandra=" + cassandra + ", dataDirectories=" + dataDirectories
                + ", workDirectory=" + workDirectory + ", stagingDirectory=" + stagingDirectory
                + ", exposeLocalPath=" + exposeLocalPath + ", consumerGroup=" + consumerGroup + ", source=" + source
                + ", startupReplayTimeout=" + startupReplayTimeout + ", clearRetryInterval=" + clearRetryInterval
                + "]";
    }

    private static String redacted(String secret) {
        return secret == null || secret.isEmpty() ? "" : "(redacted)";
    }
}

package io.ringvault.agent.restore;

import io.ringvault.connections.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The command line of a bulk load: the operator's loader (Cassandra's {@code bin/sstableloader}, or anything that takes
 * its options) pointed at the local node, which it asks for the ring before it streams to the replicas.
 *
 * <pre>
 * &lt;command...&gt; --nodes &lt;host&gt; --port &lt;native port&gt; [--storage-port &lt;port&gt;]
 *     [--username &lt;user&gt; --password &lt;password&gt;]
 *     [--truststore &lt;path&gt; [--truststore-password &lt;pw&gt;] [--keystore &lt;path&gt; --keystore-password &lt;pw&gt;]]
 *     [&lt;extra arguments...&gt;] &lt;staging&gt;/&lt;keyspace&gt;/&lt;table&gt;
 * </pre>
 *
 * The loader takes credentials only as arguments, so they are visible in the node's process list while it runs (as
 * with {@code nodetool -pw}); they never reach a log, an answer or an event: {@link #describe} and {@link #redact}
 * replace them.
 */
public final class BulkLoaderCommand {
    private static final String REDACTED = Secret.MASK;

    /**
     * TLS to the native transport, the loader's client options ({@code client_encryption_options} of the node).
     *
     * @param truststorePath the certificates to trust; null: the loader's JVM default
     * @param truststorePassword its password, or null
     * @param keystorePath this client's key, for nodes that require client certificates; or null
     * @param keystorePassword its password, or null
     */
    public record Tls(String truststorePath, Secret truststorePassword, String keystorePath, Secret keystorePassword) {}

    private final List<String> command;
    private final String host;
    private final int nativePort;
    private final Integer storagePort;
    private final String username;
    private final Secret password;
    private final Tls tls;
    private final List<String> extraArguments;

    /**
     * @param command the loader and any arguments of its own, for example {@code [/opt/cassandra/bin/sstableloader]}
     * @param host the local node's native transport address, the loader's contact point
     * @param nativePort its native transport port
     * @param storagePort the cluster's storage (internode) port: the loader connects to every node on it, and does not
     *     learn it from the nodes; null leaves the loader's default (7000)
     * @param username PasswordAuthenticator user, or null
     * @param password its password, or null
     * @param tls TLS to the native transport, or null for none
     * @param extraArguments more of the loader's options, put before the directory (for example {@code -f
     *     /etc/cassandra/cassandra.yaml} for internode TLS, or {@code --throttle-mib 64})
     */
    public BulkLoaderCommand(
            List<String> command,
            String host,
            int nativePort,
            Integer storagePort,
            String username,
            Secret password,
            Tls tls,
            List<String> extraArguments) {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("a bulk loader command is required");
        }
        this.command = List.copyOf(command);
        this.host = Objects.requireNonNull(host, "host");
        this.nativePort = nativePort;
        this.storagePort = storagePort;
        this.username = username;
        this.password = password;
        this.tls = tls;
        this.extraArguments = extraArguments == null ? List.of() : List.copyOf(extraArguments);
    }

    /** The program the command starts: the first word of the configured command. */
    public String program() {
        return command.get(0);
    }

    /** The whole command line streaming {@code directory}, secrets included: for the process only. */
    public List<String> arguments(Path directory) {
        return build(directory, false);
    }

    /** The command line streaming {@code directory}, with every secret replaced: safe to log and to show. */
    public String describe(Path directory) {
        return String.join(" ", build(directory, true));
    }

    /** {@code text} (a line the loader printed) with every secret of this command replaced. */
    public String redact(String text) {
        String redacted = text;
        for (Secret secret : secrets()) {
            redacted = redacted.replace(secret.value(), REDACTED);
        }
        return redacted;
    }

    private List<Secret> secrets() {
        return Stream.of(
                        password,
                        tls == null ? null : tls.truststorePassword(),
                        tls == null ? null : tls.keystorePassword())
                .filter(Objects::nonNull)
                .toList();
    }

    private List<String> build(Path directory, boolean redacted) {
        List<String> arguments = new ArrayList<>(command);
        arguments.add("--nodes");
        arguments.add(host);
        arguments.add("--port");
        arguments.add(Integer.toString(nativePort));
        if (storagePort != null) {
            arguments.add("--storage-port");
            arguments.add(storagePort.toString());
        }
        if (username != null) {
            arguments.add("--username");
            arguments.add(username);
            if (password != null) {
                arguments.add("--password");
                arguments.add(redacted ? REDACTED : password.value());
            }
        }
        if (tls != null) {
            if (tls.truststorePath() != null) {
                arguments.add("--truststore");
                arguments.add(tls.truststorePath());
                if (tls.truststorePassword() != null) {
                    arguments.add("--truststore-password");
                    arguments.add(redacted ? REDACTED : tls.truststorePassword().value());
                }
            }
            if (tls.keystorePath() != null) {
                arguments.add("--keystore");
                arguments.add(tls.keystorePath());
                if (tls.keystorePassword() != null) {
                    arguments.add("--keystore-password");
                    arguments.add(redacted ? REDACTED : tls.keystorePassword().value());
                }
            }
        }
        arguments.addAll(extraArguments);
        arguments.add(directory.toString());
        return arguments;
    }

    /** The command line without a directory, secrets replaced. */
    @Override
    public String toString() {
        List<String> shown = build(Path.of("<keyspace>/<table>"), true);
        return String.join(" ", shown);
    }
}

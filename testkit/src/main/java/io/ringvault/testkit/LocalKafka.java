package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A single Kafka 4 broker in KRaft combined mode (broker and controller in one JVM), on free loopback ports. The
 * storage is formatted once; the cluster id is kept beside it so that a later start reuses the same log directory.
 */
public final class LocalKafka implements AutoCloseable {
    private final ChildProcess process;
    private final int port;

    private LocalKafka(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a broker; {@code port} 0 picks a free one. */
    public static LocalKafka start(Path directory, int port, Duration timeout) {
        return start(directory, port, null, timeout);
    }

    /**
     * Starts a broker on a free port whose clients log in with SASL/PLAIN as one of {@code sasl}'s users, and may do only
     * what ACLs allow: Kafka's {@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false}, the admin as the
     * only super user. The controller listener takes SASL too, so no principal is let in unauthenticated. Clients use
     * {@link KafkaSasl#clientProperties}; the admin grants the ACLs.
     */
    public static LocalKafka startWithAcls(Path directory, KafkaSasl sasl, Duration timeout) {
        return start(directory, 0, Objects.requireNonNull(sasl, "sasl"), timeout);
    }

    private static LocalKafka start(Path directory, int port, KafkaSasl sasl, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(directory, port, sasl, timeout);
            } catch (ServiceStartException e) {
                // A free-picked port can be taken by another process before Kafka binds it: pick again.
                boolean portRace = port == 0 && e.getMessage().contains("Address already in use");
                if (!portRace || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static LocalKafka startOnce(Path directory, int port, KafkaSasl sasl, Duration timeout) {
        String service = "kafka";
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int brokerPort = port == 0 ? FreePorts.free(loopback) : port;
        int controllerPort = FreePorts.free(loopback);
        Path home = directory.toAbsolutePath();
        Path properties = home.resolve("server.properties");
        Path log4j = home.resolve("log4j2.properties");
        try {
            Files.createDirectories(home.resolve("data"));
            String server = serverProperties(home, brokerPort, controllerPort);
            Files.writeString(properties, sasl == null ? server : secured(server, sasl));
            Files.writeString(log4j, LOG4J2);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }

        String classpath = RuntimeClasspath.of("kafka");
        List<String> jvm = List.of(
                JdkLocator.runningJava().toString(),
                "-Xmx256m",
                "-XX:+UseG1GC",
                "-Djava.net.preferIPv4Stack=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Dkafka.logs.dir=" + home.resolve("logs"),
                "-cp",
                classpath);

        List<String> format = new ArrayList<>(jvm);
        format.addAll(List.of(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                clusterId(home),
                "-c",
                properties.toString(),
                "--ignore-formatted"));
        ChildProcess.runToCompletion(
                service + " storage format", format, home, home.resolve("logs/format.log"), Map.of(), timeout);

        List<String> server = new ArrayList<>(jvm);
        server.addAll(List.of("kafka.Kafka", properties.toString()));
        ChildProcess process = ChildProcess.start(
                service + " (127.0.0.1:" + brokerPort + ")", server, home, home.resolve("logs/stdout.log"), Map.of());
        InetSocketAddress address = new InetSocketAddress(loopback, brokerPort);
        process.awaitReady(
                () -> process.logContains("Kafka Server started") && FreePorts.isAccepting(address), timeout);
        return new LocalKafka(process, brokerPort);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    /** Kafka wants a base64 UUID; keeping it on disk lets a restart reuse the formatted storage. */
    private static String clusterId(Path home) {
        Path file = home.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] uuid = new byte[16];
            new SecureRandom().nextBytes(uuid);
            // Kafka refuses ids whose base64 starts with '-'.
            uuid[0] &= 0x7b;
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(uuid);
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String serverProperties(Path home, int brokerPort, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%d
                listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
                advertised.listeners=PLAINTEXT://127.0.0.1:%d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%s
                num.partitions=1
                # As in every deployment: the services create their topics with their partitions, never the broker
                # on first use (a consumer that came first would get a one-partition topic).
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=10
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(controllerPort, brokerPort, controllerPort, brokerPort, home.resolve("data"));
    }

    /**
     * The plaintext broker's settings with both listeners on SASL_PLAINTEXT and the authorizer on. The listener names
     * stay PLAINTEXT and CONTROLLER: only their protocols change.
     */
    private static String secured(String plaintext, KafkaSasl sasl) {
        return plaintext.replace(
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                + """
                sasl.enabled.mechanisms=PLAIN
                sasl.mechanism.inter.broker.protocol=PLAIN
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.plaintext.plain.sasl.jaas.config=%1$s
                listener.name.controller.plain.sasl.jaas.config=%1$s
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:%2$s
                allow.everyone.if.no.acl.found=false
                """.formatted(sasl.brokerJaas(), sasl.admin());
    }

    private static final String LOG4J2 = """
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.kafka.name = kafka
            logger.kafka.level = INFO
            logger.state.name = state.change.logger
            logger.state.level = WARN
            """;
}

package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that cannot start says which one it is and shows why, from its own log. */
class StartupFailureIT {

    @Test
    void shouldNameKafkaAndShowItsLogWhenItsPortIsTaken(@TempDir Path directory) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            StackSpec spec = StackSpec.in(directory)
                    .withoutCassandra()
                    .withoutObjectStore()
                    .kafkaPort(port)
                    .startupTimeout(Duration.ofSeconds(60));

            assertThatThrownBy(() -> LocalStack.start(spec))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("kafka (127.0.0.1:" + port + ")")
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining("last lines of " + directory.resolve("kafka/logs/stdout.log"))
                    // Kafka's own words, from the tail of its log:
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void shouldRefuseToStartCassandraOnAJdkItCannotRunOn(@TempDir Path directory) throws Exception {
        Path fakeJdk = directory.resolve("jdk-25");
        Files.createDirectories(fakeJdk.resolve("bin"));
        Files.writeString(fakeJdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Files.createFile(fakeJdk.resolve("bin/java")).toFile().setExecutable(true);
        String previous = System.getProperty(JdkLocator.PROPERTY);
        System.setProperty(JdkLocator.PROPERTY, fakeJdk.toString());
        try {
            StackSpec spec =
                    StackSpec.in(directory.resolve("stack")).withoutKafka().withoutObjectStore();
            assertThatThrownBy(() -> LocalStack.start(spec))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("cassandra")
                    .hasMessageContaining("needs a JDK 11 or 17")
                    .hasMessageContaining(fakeJdk + " is Java 25");
        } finally {
            if (previous == null) {
                System.clearProperty(JdkLocator.PROPERTY);
            } else {
                System.setProperty(JdkLocator.PROPERTY, previous);
            }
        }
        assertThat(Files.exists(directory.resolve("stack/cassandra/node1/logs/stdout.log")))
                .as("nothing was launched")
                .isFalse();
    }
}

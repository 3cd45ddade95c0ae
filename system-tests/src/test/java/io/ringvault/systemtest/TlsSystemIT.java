package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.LocalCertificateAuthority;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.SharedStack;
import io.ringvault.testkit.StoreTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * HTTPS end to end (issue 20, items 3 and 5): the coordinator and a node agent on HTTPS with certificates of a local
 * CA, the agent with {@code ringvault.agent.auth=mtls}, so that the uploader and the restorer reach it with a client
 * certificate and no token at all. A backup and a restore go through it, rows checked. Then what must fail does: an
 * agent call without a client certificate (refused during the handshake), plain HTTP to either HTTPS port, a client
 * that trusts another CA, a host name the certificate does not name, and the CLI without the CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSystemIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> TABLES = List.of("accounts");

    Path directory;
    LocalCertificateAuthority ca;
    LocalCertificateAuthority otherCa;
    String keyspace;
    RingvaultSystem system;
    LocalService restorer;

    @BeforeAll
    void start() throws Exception {
        directory = Files.createTempDirectory("ringvault-system-tls-");
        ca = LocalCertificateAuthority.generate(directory.resolve("tls"), "tls-it");
        otherCa = LocalCertificateAuthority.generate(directory.resolve("other-tls"), "another");
        keyspace = "e2e_tls_" + UUID.randomUUID().toString().substring(0, 6);
        try (CqlSession session = cql()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            session.execute("CREATE TABLE " + keyspace + ".accounts (id uuid PRIMARY KEY, name text, balance bigint)");
        }
        system = new RingvaultSystem(
                        SharedStack.get(),
                        StoreTarget.filesystem(directory.resolve("objects")),
                        directory.resolve("system"),
                        null,
                        1,
                        Map.of())
                .tls(ca);
        system.start();
        restorer = system.startRestorer("restorer-tls", Map.of());
    }

    @AfterAll
    void stop() {
        if (restorer != null) {
            restorer.close();
        }
        if (system != null) {
            system.close();
        }
        if (keyspace != null) {
            try (CqlSession session = cql()) {
                session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            } catch (RuntimeException e) {
                // The shared stack survives a leftover keyspace; the test's result is what matters.
            }
        }
        if (directory != null) {
            Directories.deleteRecursively(directory);
        }
    }

    @Test
    void shouldBackUpAndRestoreOverHttpsWithMutualTlsToTheAgent() throws Exception {
        assertThat(system.coordinator.url()).startsWith("https://");
        assertThat(system.agent.url()).startsWith("https://");
        write(new Random(3));
        Set<String> before = contents();
        assertThat(before).hasSize(500);

        String backupId = completed(
                system.post("/api/v1/backups", "{\"keyspaces\":[\"" + keyspace + "\"]}"), "the backup over HTTPS");
        truncate();
        completed(
                system.post(
                        "/api/v1/restores",
                        "{\"backupId\":\"" + backupId + "\",\"keyspaces\":[\"" + keyspace + "\"],\"truncate\":true}"),
                "the restore over HTTPS");

        assertThat(contents()).hasSameSizeAs(before).isEqualTo(before);
        // The uploader and the restorer were given no agent token: the client certificate stood in for it.
        for (String log : List.of("uploader-1.log", "restorer-tls.log")) {
            assertThat(Files.readString(directory.resolve("system").resolve(log), StandardCharsets.ISO_8859_1))
                    .as(log)
                    .doesNotContain("missing-token");
        }
    }

    @Test
    void shouldAnswerAnAgentCallWithAClientCertificateAndNoToken() throws Exception {
        HttpResponse<String> answer = client(ca.clientContext())
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        system.agent.url() + "/api/v1/restores/" + UUID.randomUUID() + "/space"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        // Past authentication: the agent answers the call itself (the staging space of an unknown operation).
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("usableBytes");
    }

    @Test
    void shouldRefuseAnAgentCallWithoutAClientCertificateDuringTheHandshake() {
        HttpClient anonymous = client(ca.trustingContext());

        assertThatThrownBy(() -> anonymous.send(
                        HttpRequest.newBuilder(URI.create(system.agent.url() + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(hasCause(e, SSLException.class))
                        .as("an SSLException in %s", e)
                        .isTrue());
    }

    @Test
    void shouldNotServePlainHttpOnTheHttpsPorts() throws Exception {
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (LocalService service : List.of(system.coordinator, system.agent)) {
            URI health = URI.create("http://127.0.0.1:" + service.port() + "/actuator/health");
            try {
                HttpResponse<String> answer = plain.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // Tomcat answers a plain request on a TLS port with 400 and nothing of the service.
                assertThat(answer.statusCode())
                        .as(health + ": " + answer.body())
                        .isEqualTo(400);
                assertThat(answer.body()).doesNotContain("\"status\"");
            } catch (IOException e) {
                // Or closes the connection: equally refused.
            }
        }
    }

    @Test
    void shouldVerifyTheCoordinatorsCertificateAndHostName() throws Exception {
        URI operations = URI.create(system.coordinator.url() + "/api/v1/operations");
        HttpResponse<String> trusted = client(ca.trustingContext())
                .send(
                        HttpRequest.newBuilder(operations)
                                .header("Authorization", "Bearer " + system.apiToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(trusted.statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> client(otherCa.trustingContext())
                        .send(HttpRequest.newBuilder(operations).build(), HttpResponse.BodyHandlers.ofString()))
                .as("a client that trusts another CA")
                .satisfies(e -> assertThat(hasCause(e, SSLException.class)).isTrue());

        // 127.0.0.2 is the same loopback server, but the certificate names only localhost and 127.0.0.1.
        URI otherName = URI.create("https://127.0.0.2:" + system.coordinator.port() + "/api/v1/operations");
        assertThatThrownBy(() -> client(ca.trustingContext())
                        .send(HttpRequest.newBuilder(otherName).build(), HttpResponse.BodyHandlers.ofString()))
                .as("a host name the certificate does not name")
                .satisfies(e -> assertThat(hasCause(e, SSLException.class)).isTrue());
    }

    @Test
    void shouldLetTheCliReachTheCoordinatorOnlyWithItsCa() throws Exception {
        String coordinator = system.coordinator.url();

        Cli without = cli("--coordinator", coordinator, "operations", "list");
        Cli other = cli(
                "--coordinator",
                coordinator,
                "--ca-cert",
                otherCa.caCertificate().toString(),
                "operations",
                "list");
        Cli with = cli(
                "--coordinator", coordinator, "--ca-cert", ca.caCertificate().toString(), "operations", "list");

        assertThat(without.exit()).as(without.output()).isEqualTo(3);
        assertThat(without.output()).contains("TLS failed").contains("--ca-cert");
        assertThat(other.exit()).as(other.output()).isEqualTo(3);
        assertThat(with.exit()).as(with.output()).isZero();
    }

    private record Cli(int exit, String output) {}

    private Cli cli(String... arguments) throws Exception {
        Path jar = Path.of(System.getProperty("ringvault.jar.cli", "../cli/target/ringvault-cli.jar"));
        assertThat(jar).as("the CLI's jar: build the cli module first").isRegularFile();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("RINGVAULT_CA_CERT");
        builder.environment().remove("RINGVAULT_TOKEN_FILE");
        builder.environment().put("RINGVAULT_TOKEN", system.apiToken());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), output);
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private String completed(JsonNode accepted, String what) {
        String id = accepted.path("operationId").asString();
        assertThat(id).as(accepted.toString()).isNotBlank();
        JsonNode operation = system.awaitOperationEnd(id, OPERATION_TIMEOUT);
        assertThat(operation.path("state").asString())
                .as(what + ": " + operation)
                .isEqualTo("COMPLETED");
        return id;
    }

    private void write(Random random) {
        try (CqlSession session = cql()) {
            PreparedStatement insert =
                    session.prepare("INSERT INTO " + keyspace + ".accounts (id, name, balance) VALUES (?, ?, ?)");
            for (int i = 0; i < 500; i++) {
                session.execute(
                        insert.bind(new UUID(random.nextLong(), random.nextLong()), "account-" + i, random.nextLong()));
            }
        }
    }

    private void truncate() {
        try (CqlSession session = cql()) {
            session.execute("TRUNCATE " + keyspace + ".accounts");
        }
        assertThat(contents()).isEmpty();
    }

    private Set<String> contents() {
        try (CqlSession session = cql()) {
            return TableCells.of(session, keyspace, TABLES).get("accounts");
        }
    }

    private CqlSession cql() {
        CassandraEndpoint node = SharedStack.get().cassandra();
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .build();
    }
}

package io.ringvault.agentapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentPaths;
import io.ringvault.agentapi.RestoreApi;
import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared client against a scripted agent: what it sends, and how it reads each kind of answer. */
class NodeAgentClientTest {
    private static final String TOKEN = "a-token-of-enough-length";
    private static final byte[] FILE = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    /** One request as the agent saw it. */
    record Seen(String method, String rawPath, String authorization, String range, String sha256, String body) {}

    /** What the scripted agent answers next. */
    interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Answer next = exchange -> respond(exchange, 200, "application/octet-stream", FILE);
    private final HttpServer server = start();
    private final NodeAgentClient client = new NodeAgentClient(TOKEN, Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldAskForASnapshotFileWithTheTokenAndItsEncodedPath() throws IOException {
        URI uri = NodeAgentClient.snapshotFileUri(url() + "/", "backup 1", 0, "shop", "users-0123", "nb-1-big-Data.db");

        try (InputStream body = client.openSnapshotFile(uri, 0, FILE.length)) {
            assertThat(body.readAllBytes()).isEqualTo(FILE);
        }
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.rawPath())
                    .isEqualTo("/api/v1/snapshots/backup%201/files/0/shop/users-0123/nb-1-big-Data.db");
            assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(request.range()).isNull();
        });
    }

    @Test
    void shouldResumeWithARangeAndReadTheRestOfTheFile() throws IOException {
        next = exchange -> {
            exchange.getResponseHeaders().add(AgentHeaders.CONTENT_RANGE, "bytes 5-19/20");
            respond(exchange, 206, "application/octet-stream", slice(5));
        };

        try (InputStream body = client.openSnapshotFile(fileUri(), 5, FILE.length)) {
            assertThat(body.readAllBytes()).isEqualTo(slice(5));
        }
        assertThat(seen.get(0).range()).isEqualTo("bytes=5-");
    }

    @Test
    void shouldSkipTheBytesAlreadyReadWhenTheAgentIgnoresTheRange() throws IOException {
        try (InputStream body = client.openSnapshotFile(fileUri(), 5, FILE.length)) {
            assertThat(body.readAllBytes()).isEqualTo(slice(5));
        }
    }

    @Test
    void shouldRefuseAFileOfAnotherSizeForGood() {
        assertThatThrownBy(() -> client.openSnapshotFile(fileUri(), 0, FILE.length + 1))
                .isInstanceOfSatisfying(AgentCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.FILE_CHANGED);
                    assertThat(e.reason().retryable()).isFalse();
                    assertThat(e.getMessage()).contains("the file changed", "20 bytes", "21 were announced");
                });

        next = exchange -> {
            exchange.getResponseHeaders().add(AgentHeaders.CONTENT_RANGE, "bytes 5-19/30");
            respond(exchange, 206, "application/octet-stream", slice(5));
        };
        assertThatThrownBy(() -> client.openSnapshotFile(fileUri(), 5, FILE.length))
                .isInstanceOfSatisfying(
                        AgentCallException.class,
                        e -> assertThat(e.reason().retryable()).isFalse());
    }

    @Test
    void shouldRetryA206WithoutAUsableContentRange() {
        next = exchange -> respond(exchange, 206, "application/octet-stream", slice(5));

        assertThatThrownBy(() -> client.openSnapshotFile(fileUri(), 5, FILE.length))
                .isInstanceOfSatisfying(AgentCallException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.RANGE_MISMATCH);
                    assertThat(e.reason().retryable()).isTrue();
                });
    }

    @Test
    void shouldReadTheReasonOfAProblemAnswer() {
        next = problem(404, "unknown-snapshot", "this node agent holds no snapshot 'b1'");

        assertThatThrownBy(() -> client.openSnapshotFile(fileUri(), 0, FILE.length))
                .isInstanceOfSatisfying(AgentCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_SNAPSHOT);
                    assertThat(e.reason().retryable()).isFalse();
                    assertThat(e.getMessage())
                            .contains("GET", "answered 404 unknown-snapshot", "holds no snapshot 'b1'")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void shouldRetryAsTheReasonSaysWhateverTheStatus() throws IOException {
        next = problem(409, "staging-busy", "busy");
        assertThat(refusal(() -> client.stagingSpace(url(), "op-1")).reason().retryable())
                .isTrue();

        next = problem(422, "checksum-mismatch", "mismatch");
        AgentCallException mismatch = refusal(() -> client.stagingSpace(url(), "op-1"));
        assertThat(mismatch.reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(mismatch.reason().retryable()).isFalse();

        next = problem(502, "cassandra-error", "JMX unreachable");
        assertThat(refusal(() -> client.stagingSpace(url(), "op-1")).reason().retryable())
                .isTrue();
    }

    @Test
    void shouldJudgeAnAnswerWithoutAKnownReasonByItsStatus() throws IOException {
        next = exchange -> respond(exchange, 503, "text/html", "<html>proxy</html>".getBytes(StandardCharsets.UTF_8));
        AgentCallException proxy = refusal(() -> client.stagingSpace(url(), "op-1"));
        assertThat(proxy.reasonCode()).isNull();
        assertThat(proxy.reason()).isEqualTo(FailureReason.SERVER_ERROR);
        assertThat(proxy.reason().retryable()).isTrue();

        next = problem(500, "some-newer-reason", "from a newer agent");
        AgentCallException newer = refusal(() -> client.stagingSpace(url(), "op-1"));
        assertThat(newer.reason()).isEqualTo(FailureReason.SERVER_ERROR);
        assertThat(newer.reasonCode()).isEqualTo("some-newer-reason");
        assertThat(newer.reason().retryable()).isTrue();

        next = exchange -> respond(exchange, 507, "application/problem+json", new byte[0]);
        assertThat(refusal(() -> client.stagingSpace(url(), "op-1")).reason().retryable())
                .isFalse();

        next = exchange -> respond(exchange, 404, "text/plain", new byte[0]);
        assertThat(refusal(() -> client.openSnapshotFile(fileUri(), 0, FILE.length))
                        .reason()
                        .retryable())
                .isFalse();
    }

    @Test
    void shouldStageAFileWithItsChecksumAndLength() throws IOException {
        next = json(
                201,
                "{\"fileName\":\"nb-1-big-Data.db\",\"size\":20,\"sha256\":\"ab\",\"alreadyStaged\":false,"
                        + "\"addedLater\":1}");

        RestoreApi.Staged staged = client.stageFile(
                url(),
                "op:1",
                "shop",
                "users",
                "nb-1-big-Data.db",
                "ab".repeat(32),
                FILE.length,
                () -> new ByteArrayInputStream(FILE));

        assertThat(staged).isEqualTo(new RestoreApi.Staged("nb-1-big-Data.db", 20, "ab", false));
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.rawPath()).isEqualTo("/api/v1/restores/op%3A1/staging/shop/users/nb-1-big-Data.db");
        assertThat(request.sha256()).isEqualTo("ab".repeat(32));
        assertThat(request.body()).isEqualTo(new String(FILE, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldAskForAnImportWithoutTruncating() throws IOException {
        next = json(
                200,
                "{\"keyspace\":\"shop\",\"table\":\"users\",\"importedFiles\":8,\"importedBytes\":1024,"
                        + "\"truncated\":false,\"alreadyImported\":true}");

        RestoreApi.Imported imported = client.importTable(
                url(), "op-1", "shop", "users", false, RestoreApi.ImportMethod.IMPORT, Duration.ofSeconds(5));

        // An agent older than the streaming restore answers without a method.
        assertThat(imported).isEqualTo(new RestoreApi.Imported("shop", "users", 8, 1024, false, true, null));
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(seen.get(0).rawPath()).isEqualTo("/api/v1/restores/op-1/staging/shop/users/import");
        assertThat(seen.get(0).body()).isEqualTo("{\"truncate\":false,\"method\":\"import\"}");
    }

    @Test
    void shouldAskForAStreamAndReadItsMethodBack() throws IOException {
        next = json(
                200,
                "{\"keyspace\":\"shop\",\"table\":\"users\",\"importedFiles\":3,\"importedBytes\":99,"
                        + "\"truncated\":false,\"alreadyImported\":false,\"method\":\"stream\"}");

        RestoreApi.Imported streamed = client.importTable(
                url(),
                "op-1-src-0a1b2c3d",
                "shop",
                "users",
                false,
                RestoreApi.ImportMethod.STREAM,
                Duration.ofSeconds(5));

        assertThat(streamed.method()).isEqualTo(RestoreApi.ImportMethod.STREAM);
        assertThat(streamed.importedFiles()).isEqualTo(3);
        assertThat(seen.get(0).rawPath()).isEqualTo("/api/v1/restores/op-1-src-0a1b2c3d/staging/shop/users/import");
        assertThat(seen.get(0).body()).isEqualTo("{\"truncate\":false,\"method\":\"stream\"}");
    }

    @Test
    void shouldAskForARepairOfTheTablesOfAKeyspace() throws IOException {
        next = json(
                200,
                "{\"keyspace\":\"shop\",\"tables\":[\"orders\",\"users\"],\"command\":7,\"seconds\":12,"
                        + "\"messages\":[\"Repair completed successfully\"],\"later\":\"ignored\"}");

        RestoreApi.Repaired repaired =
                client.repair(url(), "op-1", "shop", List.of("orders", "users"), Duration.ofSeconds(5));

        assertThat(repaired)
                .isEqualTo(new RestoreApi.Repaired(
                        "shop", List.of("orders", "users"), 7, 12, List.of("Repair completed successfully")));
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(seen.get(0).rawPath()).isEqualTo("/api/v1/restores/op-1/repair");
        assertThat(seen.get(0).authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(seen.get(0).body()).isEqualTo("{\"keyspace\":\"shop\",\"tables\":[\"orders\",\"users\"]}");
    }

    @Test
    void shouldReadARepairFailureWithItsReason() {
        next = problem(422, "repair-failed", "Cassandra failed the repair of shop on node n1");

        AgentCallException refused =
                refusal(() -> client.repair(url(), "op-1", "shop", List.of(), Duration.ofSeconds(5)));

        assertThat(refused.reason()).isEqualTo(FailureReason.REPAIR_FAILED);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("repair-failed", "Cassandra failed the repair of shop");
    }

    @Test
    void shouldReadTheStagingOfATableAndDeleteIt() throws IOException {
        next = json(
                200,
                "{\"operationId\":\"op-1\",\"keyspace\":\"shop\",\"table\":\"users\",\"imported\":false,"
                        + "\"files\":[{\"fileName\":\"nb-1-big-Data.db\",\"size\":20,\"sha256\":\"ab\"}]}");
        RestoreApi.TableStaging staging = client.tableStaging(url(), "op-1", "shop", "users");
        assertThat(staging.files()).containsExactly(new RestoreApi.StagedFile("nb-1-big-Data.db", 20, "ab"));

        next = exchange -> respond(exchange, 204, null, new byte[0]);
        client.deleteStaging(url(), "op-1");
        assertThat(seen.get(1).method()).isEqualTo("DELETE");
        assertThat(seen.get(1).rawPath()).isEqualTo("/api/v1/restores/op-1/staging");
    }

    @Test
    void shouldRefuseASuccessWhoseBodyIsNotTheAnswer() {
        next = json(200, "[1, 2]");

        AgentCallException unusable = refusal(() -> client.stagingSpace(url(), "op-1"));
        assertThat(unusable.reason()).isEqualTo(FailureReason.INVALID_ANSWER);
        assertThat(unusable.reason().retryable()).isFalse();
    }

    @Test
    void shouldSendNoTokenWhenItHasNone() throws IOException {
        NodeAgentClient anonymous = new NodeAgentClient("", Duration.ofSeconds(5));
        anonymous.openSnapshotFile(fileUri(), 0, FILE.length).close();

        assertThat(seen.get(0).authorization()).isNull();
    }

    @Test
    void shouldThrowAPlainIOExceptionWhenNoAgentAnswers() throws IOException {
        String closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }

        assertThatThrownBy(() -> client.stagingSpace(closed, "op-1"))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(AgentCallException.class);
    }

    @Test
    void shouldExpandTemplatesWithOneValuePerVariable() {
        assertThat(AgentPaths.uri("http://agent:8081", AgentPaths.TABLE_IMPORT, "op-1", "shop", "users/x"))
                .hasToString("http://agent:8081/api/v1/restores/op-1/staging/shop/users%2Fx/import");
        assertThatThrownBy(() -> AgentPaths.uri("http://agent:8081", AgentPaths.TABLE_IMPORT, "op-1", "shop"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentPaths.uri("http://agent:8081", AgentPaths.STAGING_SPACE, "op-1", "extra"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private interface Call {
        void run() throws IOException;
    }

    private static AgentCallException refusal(Call call) {
        try {
            call.run();
        } catch (AgentCallException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("not an answer of the agent", e);
        }
        throw new AssertionError("the call succeeded");
    }

    private URI fileUri() {
        return NodeAgentClient.snapshotFileUri(url(), "b1", 0, "shop", "users-0123", "nb-1-big-Data.db");
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] slice(int from) {
        return java.util.Arrays.copyOfRange(FILE, from, FILE.length);
    }

    private static Answer problem(int status, String reason, String detail) {
        return exchange -> respond(
                exchange,
                status,
                "application/problem+json",
                ("{\"type\":\"about:blank\",\"title\":\"x\",\"status\":" + status + ",\"detail\":\"" + detail
                                + "\",\"reason\":\"" + reason + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static Answer json(int status, String body) {
        return exchange -> respond(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private HttpServer start() {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            created.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                seen.add(new Seen(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst(AgentHeaders.AUTHORIZATION),
                        exchange.getRequestHeaders().getFirst(AgentHeaders.RANGE),
                        exchange.getRequestHeaders().getFirst(AgentHeaders.SHA256),
                        new String(body, StandardCharsets.UTF_8)));
                next.answer(exchange);
            });
            created.setExecutor(Executors.newCachedThreadPool());
            created.start();
            return created;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.ringvault.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.PythonTool;
import io.ringvault.testkit.ServiceSettings;
import io.ringvault.testkit.Stack;
import io.ringvault.testkit.StackExtension;
import io.ringvault.testkit.StoreTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A generated-input test of the coordinator's REST API from its own OpenAPI document: schemathesis (from PyPI, pinned,
 * installed by {@link PythonTool}) sends valid and malformed requests to every operation, of every phase (examples,
 * coverage, fuzzing, stateful), and checks each answer against the document. Then every recorded answer is checked
 * here: never a 5xx, every refusal an {@code application/problem+json} with a {@code reason} from {@link
 * FailureReason}, and the coordinator still answers afterwards.
 */
@ExtendWith(StackExtension.class)
class ApiFuzzSystemIT {
    static final String SCHEMATHESIS_VERSION = "4.32.5";
    /** Test cases per operation and phase: enough to reach every handler's refusals, a few minutes at most. */
    static final int MAX_EXAMPLES = 25;

    private static final Set<String> REASONS =
            Arrays.stream(FailureReason.values()).map(FailureReason::code).collect(Collectors.toSet());
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEveryGeneratedRequestWithASuccessOrAProblemWithAStableReason(Stack stack) throws Exception {
        Path schemathesis =
                PythonTool.executable("schemathesis", SCHEMATHESIS_VERSION, "schemathesis", Duration.ofMinutes(10));
        Path directory = Files.createTempDirectory("ringvault-api-fuzz-");
        String keyspace = "fuzz_" + UUID.randomUUID().toString().substring(0, 8);
        createKeyspace(stack.cassandra(), keyspace);
        String token = "fuzz-" + UUID.randomUUID();

        Map<String, String> properties = new HashMap<>(new ServiceSettings(
                        stack,
                        RingvaultSystem.AGENT_TOKEN,
                        RingvaultSystem.CLUSTER,
                        keyspace,
                        StoreTarget.filesystem(directory.resolve("objects")))
                .topicPrefix(keyspace)
                .coordinator());
        // An admin token, for the API's authentication where it is on; a header it does not read harms nothing.
        properties.put("ringvault.coordinator.auth.tokens[0].name", "api-fuzz");
        properties.put("ringvault.coordinator.auth.tokens[0].sha256", sha256Hex(token));
        properties.put("ringvault.coordinator.auth.tokens[0].role", "admin");
        try (LocalService coordinator = LocalService.start(
                "coordinator", RingvaultSystem.jar("coordinator"), properties, directory, Duration.ofMinutes(3))) {
            Path har = directory.resolve("schemathesis.har.json");
            Path log = directory.resolve("schemathesis.log");
            Process run = new ProcessBuilder(
                            schemathesis.toString(),
                            "run",
                            coordinator.url() + "/v3/api-docs",
                            "--checks",
                            "not_a_server_error,status_code_conformance,content_type_conformance,"
                                    + "response_schema_conformance,negative_data_rejection",
                            "--max-examples",
                            Integer.toString(MAX_EXAMPLES),
                            "--workers",
                            "2",
                            "--generation-database",
                            "none",
                            "--header",
                            "Authorization: Bearer " + token,
                            "--report",
                            "har",
                            "--report-har-path",
                            har.toString(),
                            "--no-color")
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean finished = run.waitFor(10, TimeUnit.MINUTES);
            if (!finished) {
                run.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(finished)
                    .as("schemathesis finished within 10 minutes; its output:%n%s", output)
                    .isTrue();
            assertThat(run.exitValue())
                    .as("schemathesis found failures (its output, %s):%n%s", log, output)
                    .isZero();

            List<String> wrong = new ArrayList<>();
            int refusals = 0;
            JsonNode entries = RingvaultSystem.CODEC
                    .mapper()
                    .readTree(har.toFile())
                    .path("log")
                    .path("entries");
            for (JsonNode entry : entries) {
                String call = entry.path("request").path("method").asString() + " "
                        + entry.path("request").path("url").asString();
                JsonNode response = entry.path("response");
                int status = response.path("status").asInt();
                if (status >= 500) {
                    wrong.add(call + " -> " + status);
                } else if (status >= 400) {
                    refusals++;
                    String problem = problemReason(response);
                    if (!REASONS.contains(problem)) {
                        wrong.add(call + " -> " + status + " "
                                + response.path("content").path("mimeType").asString() + " reason=" + problem);
                    }
                }
            }
            assertThat(entries.size()).as("requests schemathesis sent").isGreaterThan(500);
            assertThat(refusals).as("refusals among them").isGreaterThan(100);
            assertThat(wrong)
                    .as("answers that are a 5xx, or a refusal without a known reason")
                    .isEmpty();

            // Still answering, and still healthy.
            assertThat(status(coordinator.url() + "/api/v1/operations", token)).isEqualTo(200);
            assertThat(LocalService.isHealthy(URI.create(coordinator.url() + "/actuator/health")))
                    .isTrue();
        }
    }

    /** The {@code reason} of a problem answer; null if it is not {@code application/problem+json} with one. */
    private static String problemReason(JsonNode response) {
        JsonNode content = response.path("content");
        if (!content.path("mimeType").asString().startsWith("application/problem+json")) {
            return null;
        }
        try {
            JsonNode problem =
                    RingvaultSystem.CODEC.mapper().readTree(content.path("text").asString());
            return problem.path("reason").isString() ? problem.path("reason").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private int status(String url, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void createKeyspace(CassandraEndpoint node, String keyspace) {
        try (CqlSession cql = CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .build()) {
            cql.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
            cql.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".t (id int PRIMARY KEY, v text)");
        }
    }

    private static String sha256Hex(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}

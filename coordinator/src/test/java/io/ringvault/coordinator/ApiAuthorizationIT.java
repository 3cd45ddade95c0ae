package io.ringvault.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.ringvault.common.message.OperationAccepted;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what, on a real coordinator (Kafka and Cassandra of the shared stack). The endpoints come from the
 * coordinator's own OpenAPI document, and the role each needs from {@link #NEEDED}: an endpoint the document has and
 * the table lacks fails the test, so no endpoint is added without a rule. JWTs are signed here and their keys served
 * from a JWK Set on an HTTP server of the test's own, as an identity provider would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ApiAuthorizationIT {
    static final CoordinatorHarness harness =
            new CoordinatorHarness("it-auth-" + UUID.randomUUID().toString().substring(0, 8));
    static final String ISSUER = "https://idp.auth-it.example/realms/ops";
    static final String AUDIENCE = "ringvault-api";
    static final KeyPair ISSUER_KEY = rsa();
    static final HttpServer JWKS = jwks((RSAPublicKey) ISSUER_KEY.getPublic());

    /**
     * The role each operation of the API needs, by {@code METHOD path} as the OpenAPI document names it; the one table
     * the test holds the coordinator to (docs/security.md has the same matrix).
     */
    static final Map<String, String> NEEDED = Map.ofEntries(
            Map.entry("GET /api/v1/operations", "viewer"),
            Map.entry("GET /api/v1/operations/{id}", "viewer"),
            Map.entry("GET /api/v1/operations/{id}/events", "viewer"),
            Map.entry("POST /api/v1/operations/{id}/cancel", "operator"),
            Map.entry("GET /api/v1/backups", "viewer"),
            Map.entry("GET /api/v1/backups/{id}", "viewer"),
            Map.entry("GET /api/v1/backups/{id}/tokens", "viewer"),
            Map.entry("POST /api/v1/backups", "operator"),
            Map.entry("POST /api/v1/imports", "operator"),
            Map.entry("POST /api/v1/backups/{id}/verify", "operator"),
            Map.entry("POST /api/v1/backups/{id}/copy", "operator"),
            Map.entry("DELETE /api/v1/backups/{id}", "admin"),
            Map.entry("POST /api/v1/backups/purge", "admin"),
            Map.entry("POST /api/v1/backups/gc", "admin"),
            Map.entry("POST /api/v1/restores", "admin"),
            Map.entry("GET /api/v1/schedules", "viewer"),
            Map.entry("GET /api/v1/schedules/{name}", "viewer"),
            Map.entry("POST /api/v1/schedules", "operator"),
            Map.entry("POST /api/v1/schedules/{name}/pause", "operator"),
            Map.entry("POST /api/v1/schedules/{name}/resume", "operator"),
            Map.entry("DELETE /api/v1/schedules/{name}", "operator"));

    /** A minimal body per operation that takes one: each names nothing that exists, so nothing is done. */
    static final Map<String, String> BODIES = Map.of(
            "POST /api/v1/backups", "{\"keyspaces\":[\"auth_it_no_such_keyspace\"]}",
            "POST /api/v1/restores", "{\"backupId\":\"auth-it-no-such-backup\"}",
            "POST /api/v1/backups/{id}/copy", "{\"target\":\"auth-it-no-such-target\"}",
            "POST /api/v1/backups/{id}/verify", "{}",
            "POST /api/v1/backups/purge", "{\"dryRun\":true,\"retention\":{\"keepLast\":1000}}",
            "POST /api/v1/backups/gc", "{\"dryRun\":true}",
            "POST /api/v1/schedules", "{\"name\":\"auth-it\"}");

    /** A caller of each role (the harness's static tokens). */
    static final Map<String, String> CALLER_OF = Map.of("viewer", "victor", "operator", "olivia", "admin", "alice");

    static final List<String> ROLES = List.of("viewer", "operator", "admin");

    private final HttpClient http = HttpClient.newHttpClient();

    /** Every token this test sends: none may appear in a log line or an event. */
    private static final Set<String> SENT = new TreeSet<>();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void stackProperties(DynamicPropertyRegistry registry) {
        harness.properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("ringvault.coordinator.auth.jwt.issuer-uri", () -> ISSUER);
        registry.add(
                "ringvault.coordinator.auth.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
        registry.add("ringvault.coordinator.auth.jwt.audience", () -> AUDIENCE);
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    record Answer(int status, String contentType, JsonNode body, String raw) {}

    @Test
    void shouldGuardEveryOperationOfTheOpenApiDocumentByItsRole(CapturedOutput output) throws Exception {
        Answer document = send("GET", "/v3/api-docs", null, null);
        assertThat(document.status()).as("the OpenAPI document is open").isEqualTo(200);
        assertThat(document.body()
                        .path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .as("the document says how to authenticate")
                .isEqualTo("bearer");
        Map<String, String> operations = new TreeMap<>();
        document.body()
                .path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method ->
                                operations.put(method.getKey().toUpperCase() + " " + path.getKey(), path.getKey())));

        // An endpoint without a rule here fails, and so does a rule for an endpoint that is gone.
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(NEEDED.keySet());

        List<String> checked = new ArrayList<>();
        for (String operation : operations.keySet()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = fill(operations.get(operation));
            String body = BODIES.get(operation);
            String needed = NEEDED.get(operation);

            Answer anonymous = send(method, path, body, null);
            assertProblem(anonymous, 401, "unauthenticated", operation + " without a token");
            Answer unknown = send(method, path, body, "rv-it-unknown-" + UUID.randomUUID());
            assertProblem(unknown, 401, "unauthenticated", operation + " with an unknown token");

            for (String role : ROLES) {
                Answer answer = send(method, path, body, CoordinatorHarness.token(CALLER_OF.get(role)));
                if (ROLES.indexOf(role) < ROLES.indexOf(needed)) {
                    assertProblem(answer, 403, "forbidden", operation + " as " + role);
                    assertThat(answer.body().path("detail").asString())
                            .as(operation + " names the role it needs")
                            .contains("needs the role " + needed);
                } else {
                    assertThat(answer.status())
                            .as(operation + " as " + role + ": " + answer.raw())
                            .isNotIn(401, 403)
                            .isLessThan(500);
                }
            }
            checked.add(operation);
        }
        assertThat(checked).hasSize(NEEDED.size());
        assertNoTokenIn(output.getAll(), "the coordinator's log");
    }

    @Test
    void shouldLeaveHealthOpenAndAskAViewerForTheOtherActuatorEndpoints(CapturedOutput output) throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/liveness", null, null).status())
                .isEqualTo(200);
        assertProblem(send("GET", "/actuator/prometheus", null, null), 401, "unauthenticated", "prometheus");
        assertProblem(send("GET", "/actuator/metrics", null, null), 401, "unauthenticated", "metrics");
        Answer scrape = send("GET", "/actuator/prometheus", null, CoordinatorHarness.token("victor"));
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw())
                .contains("ringvault_requests_rejected_total{channel=\"rest\",reason=\"unauthenticated\"}");
        // Not a listed endpoint: closed to all but an admin.
        assertProblem(
                send("POST", "/actuator/prometheus", "{}", CoordinatorHarness.token("olivia")),
                403,
                "forbidden",
                "POST to actuator");
        assertNoTokenIn(output.getAll(), "the coordinator's log");
    }

    @Test
    void shouldRecordTheJwtsCallerAsRequestedByWhateverTheBodySays(CapturedOutput output) throws Exception {
        String token = jwt(
                ISSUER_KEY,
                claims -> claims.claim("preferred_username", "jwt-alice")
                        .claim("roles", List.of("offline_access", "admin")));
        String key = "auth-it-gc-" + UUID.randomUUID();

        Answer accepted = send(
                "POST",
                "/api/v1/backups/gc",
                "{\"dryRun\":true,\"requestedBy\":\"mallory\"}",
                token,
                Map.of("Idempotency-Key", key, "X-Requested-By", "mallory"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Answer read = send("GET", "/api/v1/operations/" + key, null, token);
        assertThat(read.status()).as("a JWT reads as well: " + read.raw()).isEqualTo(200);

        OperationAccepted event = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> harness.messages(harness.topic("events")).stream()
                                .filter(e -> key.equals(e.subject()) && e.data() instanceof OperationAccepted)
                                .map(e -> (OperationAccepted) e.data())
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        assertThat(event.requestedBy()).isEqualTo("jwt-alice");
        assertThat(event.channel()).isEqualTo("rest");

        // A viewer's JWT reads, and may not collect garbage.
        String viewer = jwt(
                ISSUER_KEY,
                claims -> claims.claim("preferred_username", "jwt-victor").claim("scope", "openid ringvault:viewer"));
        assertThat(send("GET", "/api/v1/backups", null, viewer).status()).isEqualTo(200);
        assertProblem(send("POST", "/api/v1/backups/gc", "{\"dryRun\":true}", viewer), 403, "forbidden", "viewer JWT");
        assertNoTokenIn(output.getAll(), "the coordinator's log");
        assertNoTokenInTopics();
    }

    @Test
    void shouldRefuseAnExpiredForeignOrForgedJwt(CapturedOutput output) throws Exception {
        Consumer<JWTClaimsSet.Builder> admin = claims -> claims.claim("roles", "admin");
        String expired = jwt(
                ISSUER_KEY,
                admin.andThen(claims -> claims.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(600)))));
        String foreignIssuer = jwt(ISSUER_KEY, admin.andThen(claims -> claims.issuer("https://idp.elsewhere.example")));
        String otherAudience = jwt(ISSUER_KEY, admin.andThen(claims -> claims.audience("another-api")));
        String forged = jwt(rsa(), admin);
        String valid = jwt(ISSUER_KEY, admin);
        String tampered =
                valid.substring(0, valid.lastIndexOf('.') - 4) + "AAAA" + valid.substring(valid.lastIndexOf('.'));

        for (Map.Entry<String, String> token : Map.of(
                        "expired", expired,
                        "foreign issuer", foreignIssuer,
                        "other audience", otherAudience,
                        "bad signature", forged,
                        "tampered claims", tampered)
                .entrySet()) {
            Answer answer = send("GET", "/api/v1/operations", null, token.getValue());
            assertProblem(answer, 401, "unauthenticated", token.getKey());
            assertThat(answer.raw()).doesNotContain(token.getValue());
        }
        assertThat(send("GET", "/api/v1/operations", null, valid).status()).isEqualTo(200);
        assertNoTokenIn(output.getAll(), "the coordinator's log");
    }

    private static void assertProblem(Answer answer, int status, String reason, String what) {
        assertThat(answer.status()).as(what + ": " + answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        assertThat(answer.body().path("reason").asString()).as(what).isEqualTo(reason);
        assertThat(answer.body().path("status").asInt()).as(what).isEqualTo(status);
        assertThat(answer.body().path("type").asString()).as(what).endsWith("/" + reason);
    }

    private static void assertNoTokenIn(String text, String where) {
        for (String token : SENT) {
            assertThat(text).as("a token in " + where).doesNotContain(token);
        }
        for (String caller : CoordinatorHarness.ROLES.keySet()) {
            assertThat(text).as("a token in " + where).doesNotContain(CoordinatorHarness.token(caller));
        }
    }

    private static void assertNoTokenInTopics() {
        for (String topic : List.of("requests", "commands", "events")) {
            StringBuilder all = new StringBuilder();
            harness.readAll(harness.topic(topic))
                    .forEach(record -> all.append(new String(record.value(), StandardCharsets.UTF_8))
                            .append('\n'));
            assertNoTokenIn(all.toString(), "the " + topic + " topic");
        }
    }

    /** A path with its variables given values that name nothing: {@code {id}}, {@code {name}}. */
    private static String fill(String template) {
        return template.replace("{id}", "auth-it-none").replace("{name}", "auth-it-none");
    }

    private Answer send(String method, String path, String body, String token) throws Exception {
        return send(method, path, body, token, Map.of());
    }

    private Answer send(String method, String path, String body, String token, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            SENT.add(token);
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String raw = response.body() == null ? "" : response.body();
        JsonNode json = null;
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (contentType.contains("json") && !raw.isBlank()) {
            json = CoordinatorHarness.JSON.readTree(raw);
        }
        return new Answer(response.statusCode(), contentType, json, raw);
    }

    private static String jwt(KeyPair signer, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID("auth-it")
                        .type(JOSEObjectType.JWT)
                        .build(),
                builder.build());
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer's public key as a JWK Set, served the way an identity provider serves it. */
    private static HttpServer jwks(RSAPublicKey key) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = new JWKSet(new RSAKey.Builder(key).keyID("auth-it").build())
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

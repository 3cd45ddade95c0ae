package io.ringvault.restorer.agent;

import io.ringvault.restorer.restore.NodeAgents;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node agent's restore API ({@code /api/v1/restores/...}, see node-agent/DESIGN.md), over java.net.http. Bodies
 * are streamed, never held in memory. Errors are {@link AgentException}s carrying the agent's status and reason; a
 * connection that fails is an {@link IOException}. One call, no retries: the caller retries what can pass.
 */
public class AgentClient implements NodeAgents {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HttpClient http;
    private final String token;
    private final Duration timeout;
    private final Duration importTimeout;

    public AgentClient(String token, Duration timeout, Duration importTimeout) {
        this.token = token == null ? "" : token;
        this.timeout = timeout;
        this.importTimeout = importTimeout;
        // HTTP/1.1: no h2c upgrade dance before a streamed body.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Space space(String agentUrl, String operationId) throws IOException {
        return JSON.readValue(send(get(uri(agentUrl, operationId, "space"))), Space.class);
    }

    @Override
    public TableStaging staging(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        return JSON.readValue(send(get(uri(agentUrl, operationId, "staging", keyspace, table))), TableStaging.class);
    }

    @Override
    public void upload(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            String fileName,
            String sha256,
            long size,
            Supplier<InputStream> body)
            throws IOException {
        HttpRequest request = authorized(
                        HttpRequest.newBuilder(uri(agentUrl, operationId, "staging", keyspace, table, fileName)))
                .header("Content-Type", "application/octet-stream")
                .header("X-Ringvault-Sha256", sha256)
                // fromPublisher with a length sends Content-Length instead of a chunked body, as the agent requires.
                .PUT(
                        size == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(body), size))
                .build();
        send(request);
    }

    @Override
    public Imported importTable(String agentUrl, String operationId, String keyspace, String table) throws IOException {
        // The restorer truncates through CQL, once for the whole cluster: never the agent.
        HttpRequest request = authorized(
                        HttpRequest.newBuilder(uri(agentUrl, operationId, "staging", keyspace, table, "import")))
                .timeout(importTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"truncate\":false}"))
                .build();
        return JSON.readValue(send(request), Imported.class);
    }

    @Override
    public void deleteStaging(String agentUrl, String operationId) throws IOException {
        send(authorized(HttpRequest.newBuilder(uri(agentUrl, operationId, "staging")))
                .timeout(timeout)
                .DELETE()
                .build());
    }

    private HttpRequest get(URI uri) {
        return authorized(HttpRequest.newBuilder(uri)).timeout(timeout).GET().build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return builder.header("Authorization", "Bearer " + token);
    }

    private byte[] send(HttpRequest request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted calling " + request.uri());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String reason = null;
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem != null && problem.isObject()) {
                reason = problem.path("reason").isMissingNode()
                        ? null
                        : problem.path("reason").asString();
                detail = problem.path("detail").isMissingNode()
                        ? null
                        : problem.path("detail").asString();
            }
        } catch (RuntimeException e) {
            // Not a problem document (a proxy's page, an empty body): the status says enough.
        }
        throw new AgentException(
                status,
                reason,
                request.method() + " " + request.uri().getPath() + " answered " + status
                        + (reason == null ? "" : " " + reason) + (detail == null ? "" : ": " + detail));
    }

    static URI uri(String agentUrl, String operationId, String... segments) {
        StringBuilder path =
                new StringBuilder(agentUrl.endsWith("/") ? agentUrl.substring(0, agentUrl.length() - 1) : agentUrl);
        path.append("/api/v1/restores/").append(encode(operationId));
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return URI.create(path.toString());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

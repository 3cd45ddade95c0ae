package io.ringvault.agentapi.client;

import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentPaths;
import io.ringvault.agentapi.AgentProblem;
import io.ringvault.agentapi.ContentRange;
import io.ringvault.agentapi.RestoreApi;
import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The node agent's HTTP API over {@code java.net.http}, as the uploader (snapshot files) and the restorer (staging and
 * import) call it. Bodies are streamed, never held in memory. One call per method, no retries: the caller decides,
 * by the {@link AgentCallException#reason()} of an answer the agent gave, and by {@code Failures} for any other
 * {@link IOException} (no answer: retryable). Thread-safe; one instance serves every agent.
 */
public final class NodeAgentClient {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Enough of an error answer for its problem document; the rest is not read. */
    private static final int PROBLEM_BYTES = 16 * 1024;

    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    /**
     * @param token the agents' bearer token; empty or null sends none (the agent then answers {@code missing-token})
     * @param timeout connecting, and waiting for an answer's headers; also the whole of a call without a body to stream
     */
    public NodeAgentClient(String token, Duration timeout) {
        this(token, timeout, null);
    }

    /**
     * @param token the agents' bearer token; empty or null sends none (agents with {@code ringvault.agent.auth=mtls}
     *     need none; others answer {@code missing-token})
     * @param timeout connecting, and waiting for an answer's headers; also the whole of a call without a body to stream
     * @param tls the TLS of {@code https://} agent URLs: the agents' CA and, for mutual TLS, this client's certificate;
     *     null: the JVM's default. Host names are verified: an agent's certificate must name the host of its URL
     */
    public NodeAgentClient(String token, Duration timeout, SSLContext tls) {
        this.token = token == null ? "" : token;
        this.timeout = timeout;
        // HTTP/1.1: no h2c upgrade before a streamed body. Redirects are not followed: the token stays with the agent.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** Where the agent at {@code agentUrl} serves a file of the snapshot {@code backupId} ({@link AgentPaths#SNAPSHOT_FILE}). */
    public static URI snapshotFileUri(
            String agentUrl,
            String backupId,
            int dataDirectory,
            String keyspace,
            String tableDirectory,
            String fileName) {
        return AgentPaths.uri(
                agentUrl, AgentPaths.SNAPSHOT_FILE, backupId, dataDirectory, keyspace, tableDirectory, fileName);
    }

    /**
     * Opens a snapshot file at {@code offset} ({@code Range: bytes=<offset>-} when above 0): the stream yields exactly
     * the bytes from there to the end. An agent that ignores the range has the bytes before {@code offset} skipped.
     *
     * @param file from {@link #snapshotFileUri}
     * @param size the size the file was announced with: an agent serving another size means the file changed
     *     ({@link FailureReason#FILE_CHANGED}, not retryable)
     * @throws AgentCallException when the agent refuses, or answers with a range or size that does not fit
     * @throws IOException when the agent cannot be reached or the answer breaks off
     */
    public InputStream openSnapshotFile(URI file, long offset, long size) throws IOException {
        HttpRequest.Builder builder =
                authorized(HttpRequest.newBuilder(file)).timeout(timeout).GET();
        if (offset > 0) {
            builder.header(AgentHeaders.RANGE, AgentHeaders.rangeFrom(offset));
        }
        HttpRequest request = builder.build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        InputStream body = response.body();
        if (status != 200 && status != 206) {
            byte[] problem;
            try (body) {
                problem = body.readNBytes(PROBLEM_BYTES);
            } catch (IOException e) {
                problem = new byte[0];
            }
            throw refusal(request, status, problem);
        }
        try {
            long start = 0;
            if (status == 206) {
                String header = response.headers()
                        .firstValue(AgentHeaders.CONTENT_RANGE)
                        .orElse("");
                ContentRange range = ContentRange.parse(header)
                        .orElseThrow(() -> AgentCallException.unusable(
                                status,
                                FailureReason.RANGE_MISMATCH,
                                "the node agent answered 206 without a valid Content-Range for " + file,
                                null));
                if (range.size() != ContentRange.UNKNOWN_SIZE && range.size() != size) {
                    throw changed(status, file, range.size(), size);
                }
                start = range.first();
            } else {
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (length.isPresent() && length.getAsLong() != size) {
                    throw changed(status, file, length.getAsLong(), size);
                }
            }
            if (start != offset) {
                if (start > offset) {
                    throw AgentCallException.unusable(
                            status,
                            FailureReason.RANGE_MISMATCH,
                            "the node agent answered a range from " + start + " for " + offset + " of " + file,
                            null);
                }
                // An agent that ignores Range sends the whole file: skip what was already read.
                body.skipNBytes(offset - start);
            }
            return body;
        } catch (IOException e) {
            close(body);
            throw e;
        }
    }

    /** {@code GET} {@link AgentPaths#STAGING_SPACE}. */
    public RestoreApi.StagingSpace stagingSpace(String agentUrl, String operationId) throws IOException {
        return json(
                get(AgentPaths.uri(agentUrl, AgentPaths.STAGING_SPACE, operationId)), RestoreApi.StagingSpace.class);
    }

    /** {@code GET} {@link AgentPaths#TABLE_STAGING}. */
    public RestoreApi.TableStaging tableStaging(String agentUrl, String operationId, String keyspace, String table)
            throws IOException {
        return json(
                get(AgentPaths.uri(agentUrl, AgentPaths.TABLE_STAGING, operationId, keyspace, table)),
                RestoreApi.TableStaging.class);
    }

    /**
     * {@code PUT} {@link AgentPaths#STAGED_FILE}: streams {@code size} bytes of {@code body} with their SHA-256. No
     * timeout beyond the connection's: a large file takes as long as it takes.
     *
     * @param sha256 64 hex digits; the agent keeps the file only if the body has it ({@code checksum-mismatch})
     */
    public RestoreApi.Staged stageFile(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            String fileName,
            String sha256,
            long size,
            Supplier<InputStream> body)
            throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(
                        AgentPaths.uri(agentUrl, AgentPaths.STAGED_FILE, operationId, keyspace, table, fileName)))
                .header("Content-Type", "application/octet-stream")
                .header(AgentHeaders.SHA256, sha256)
                // fromPublisher with a length sends Content-Length instead of a chunked body, as the agent requires.
                .PUT(
                        size == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(body), size))
                .build();
        return json(request, RestoreApi.Staged.class);
    }

    /**
     * {@code POST} {@link AgentPaths#TABLE_IMPORT}. Synchronous on the agent: as long as Cassandra verifies and loads
     * the table, or the bulk loader streams it.
     *
     * @param truncate whether the agent truncates the table first (cluster-wide: the restorer never asks)
     * @param method how the agent loads the staged files: imported on the node, or streamed to their replicas
     * @param importTimeout how long the answer may take
     */
    public RestoreApi.Imported importTable(
            String agentUrl,
            String operationId,
            String keyspace,
            String table,
            boolean truncate,
            RestoreApi.ImportMethod method,
            Duration importTimeout)
            throws IOException {
        HttpRequest request = authorized(HttpRequest.newBuilder(
                        AgentPaths.uri(agentUrl, AgentPaths.TABLE_IMPORT, operationId, keyspace, table)))
                .timeout(importTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(new RestoreApi.ImportRequest(truncate, method))))
                .build();
        return json(request, RestoreApi.Imported.class);
    }

    /**
     * {@code POST} {@link AgentPaths#REPAIR}. Synchronous on the agent: as long as Cassandra repairs the tables, up to
     * the agent's own {@code ringvault.agent.repair.timeout}.
     *
     * @param tables the keyspace's tables to repair; empty means all of them
     * @param repairTimeout how long the answer may take: above the agent's timeout, so that its clear failure comes
     *     first
     */
    public RestoreApi.Repaired repair(
            String agentUrl, String operationId, String keyspace, List<String> tables, Duration repairTimeout)
            throws IOException {
        HttpRequest request = authorized(
                        HttpRequest.newBuilder(AgentPaths.uri(agentUrl, AgentPaths.REPAIR, operationId)))
                .timeout(repairTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(new RestoreApi.RepairRequest(keyspace, tables))))
                .build();
        return json(request, RestoreApi.Repaired.class);
    }

    /** {@code DELETE} {@link AgentPaths#OPERATION_STAGING}: removing nothing is fine. */
    public void deleteStaging(String agentUrl, String operationId) throws IOException {
        HttpRequest request = authorized(
                        HttpRequest.newBuilder(AgentPaths.uri(agentUrl, AgentPaths.OPERATION_STAGING, operationId)))
                .timeout(timeout)
                .DELETE()
                .build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (!successful(response.statusCode())) {
            throw refusal(request, response.statusCode(), response.body());
        }
    }

    private HttpRequest get(URI uri) {
        return authorized(HttpRequest.newBuilder(uri)).timeout(timeout).GET().build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return token.isEmpty() ? builder : builder.header(AgentHeaders.AUTHORIZATION, AgentHeaders.bearer(token));
    }

    private <T> T json(HttpRequest request, Class<T> type) throws IOException {
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (!successful(status)) {
            throw refusal(request, status, response.body());
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw AgentCallException.unusable(
                    status,
                    FailureReason.INVALID_ANSWER,
                    describe(request) + " answered " + status + " with a body that is not a " + type.getSimpleName()
                            + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted calling " + describe(request));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private static AgentCallException refusal(HttpRequest request, int status, byte[] body) {
        AgentProblem problem = null;
        try {
            problem = JSON.readValue(body, AgentProblem.class);
        } catch (RuntimeException e) {
            // Not a problem document (a proxy's page, an empty body): the status says enough.
        }
        String reason = problem == null ? null : problem.reason();
        String detail = problem == null ? null : problem.detail();
        return AgentCallException.refused(
                status,
                reason,
                describe(request) + " answered " + status + (reason == null ? "" : " " + reason)
                        + (detail == null ? "" : ": " + detail));
    }

    private static AgentCallException changed(int status, URI file, long served, long announced) {
        return AgentCallException.unusable(
                status,
                FailureReason.FILE_CHANGED,
                "the node agent serves " + served + " bytes of " + file + " but " + announced
                        + " were announced: the file changed",
                null);
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    private static String describe(HttpRequest request) {
        return request.method() + " " + request.uri();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing an answer given up on; nothing to do.
        }
    }
}

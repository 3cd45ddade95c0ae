package io.ringvault.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's REST API ({@code /api/v1}). Answers come back as JSON trees so that {@code --json} can print them
 * exactly as received; callers map them to records with {@link Json#read}.
 *
 * <p>Over {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: a command makes one or a few calls
 * and exits, and the HttpClient's start-up (its SSL context, selector thread and executor) and shutdown cost about half
 * a second per command on the development machine, where a whole call over HttpURLConnection takes 30 ms.
 */
public final class CoordinatorClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** An import's answer comes once the coordinator has counted and stored every file: minutes for large ones. */
    static final Duration IMPORT_TIMEOUT = Duration.ofHours(2);

    private static final String API = "/api/v1";
    private static final String USER_AGENT = "ringvault-cli";

    private final URI coordinator;
    private final SSLSocketFactory tls;
    private final String token;

    /** A client that sends no token: for a coordinator with authentication off. */
    public CoordinatorClient(URI coordinator) {
        this(coordinator, null, null);
    }

    /**
     * @param coordinator the base URL, e.g. {@code https://ringvault.example.com}
     * @param tls the certificates trusted over HTTPS ({@link CoordinatorTrust}); null: the JVM's
     */
    public CoordinatorClient(URI coordinator, SSLSocketFactory tls) {
        this(coordinator, tls, null);
    }

    /**
     * @param coordinator the base URL, e.g. {@code http://127.0.0.1:8080}
     * @param token the bearer token every request carries ({@code Authorization: Bearer}); null for none. Kept only
     *     in memory: never printed, logged or part of a message
     */
    public CoordinatorClient(URI coordinator, String token) {
        this(coordinator, null, token);
    }

    /**
     * @param coordinator the base URL
     * @param tls the certificates trusted over HTTPS; null: the JVM's
     * @param token the bearer token every request carries; null for none
     */
    public CoordinatorClient(URI coordinator, SSLSocketFactory tls, String token) {
        this.coordinator = withoutTrailingSlash(coordinator);
        this.tls = tls;
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    public URI coordinator() {
        return coordinator;
    }

    public JsonNode requestBackup(ObjectNode body) {
        return post("/backups", body, null);
    }

    public JsonNode requestRestore(ObjectNode body) {
        return post("/restores", body, null);
    }

    public JsonNode requestVerify(String backupId, ObjectNode body) {
        return post("/backups/" + segment(backupId) + "/verify", body, null);
    }

    /** {@code POST /api/v1/backups/{id}/copy} with {@code {"target": ..., "requestedBy": ...}}. */
    public JsonNode requestCopy(String backupId, ObjectNode body) {
        return post("/backups/" + segment(backupId) + "/copy", body, null);
    }

    /** @param requestedBy sent as {@code X-Requested-By}, the audit trail's "who asked" for a delete */
    public JsonNode requestDelete(String backupId, String requestedBy) {
        return send("DELETE", "/backups/" + segment(backupId), null, requestedBy);
    }

    /**
     * @param body {@code dryRun} and {@code retention}, the policy instead of the cluster's; empty for a purge by the
     *     cluster's policy
     * @param requestedBy sent as {@code X-Requested-By}, the audit trail's "who asked" for a purge
     */
    public JsonNode requestPurge(ObjectNode body, String requestedBy) {
        return post("/backups/purge", body, requestedBy);
    }

    /** @param requestedBy sent as {@code X-Requested-By}, the audit trail's "who asked" for a gc */
    public JsonNode requestGc(ObjectNode body, String requestedBy) {
        return post("/backups/gc", body, requestedBy);
    }

    /**
     * {@code POST /api/v1/imports}: uploads a cqlsh backup (its {@code DESCRIBE} schema and {@code COPY TO} files) as
     * one {@code multipart/form-data} request, each file streamed from disk.
     *
     * @param files the CSV files, each with the {@code keyspace.table} it holds, in order
     * @param nullMarker the NULL text of the files; null: cqlsh's default, the empty text
     * @param idempotencyKey the backup id to use; null: the coordinator picks one
     */
    public JsonNode importFiles(
            Path schema,
            List<Map.Entry<String, Path>> files,
            String nullMarker,
            boolean header,
            String idempotencyKey) {
        Multipart body = new Multipart();
        body.file("schema", schema);
        for (Map.Entry<String, Path> file : files) {
            body.file("csv:" + URLEncoder.encode(file.getKey(), StandardCharsets.UTF_8), file.getValue());
        }
        String query = "?header=" + header
                + (nullMarker == null ? "" : "&null=" + URLEncoder.encode(nullMarker, StandardCharsets.UTF_8));
        return send(
                "POST",
                "/imports" + query,
                new Body(body.contentType(), body.length(), body::writeTo),
                null,
                IMPORT_TIMEOUT,
                idempotencyKey);
    }

    public JsonNode operations() {
        return get("/operations");
    }

    public JsonNode operation(String id) {
        return get("/operations/" + segment(id));
    }

    public JsonNode events(String operationId) {
        return get("/operations/" + segment(operationId) + "/events");
    }

    /** @param requestedBy sent as {@code X-Requested-By}, the audit trail's "who asked" for a cancel */
    public JsonNode cancel(String operationId, String requestedBy) {
        return post("/operations/" + segment(operationId) + "/cancel", null, requestedBy);
    }

    public JsonNode backups() {
        return get("/backups");
    }

    public JsonNode backup(String id) {
        return get("/backups/" + segment(id));
    }

    /**
     * Each backed-up node's tokens and the {@code cassandra.yaml} lines that pin a new node to them.
     *
     * @param sourceCluster the cluster name the backup is stored under; null for the deployment's own
     */
    public JsonNode tokens(String backupId, String sourceCluster) {
        String query = sourceCluster == null
                ? ""
                : "?sourceCluster=" + URLEncoder.encode(sourceCluster, StandardCharsets.UTF_8);
        return get("/backups/" + segment(backupId) + "/tokens" + query);
    }

    public JsonNode createSchedule(ObjectNode body) {
        return post("/schedules", body, null);
    }

    public JsonNode schedules() {
        return get("/schedules");
    }

    public JsonNode schedule(String name) {
        return get("/schedules/" + segment(name));
    }

    /** @param requestedBy sent as {@code X-Requested-By} */
    public JsonNode pauseSchedule(String name, String requestedBy) {
        return post("/schedules/" + segment(name) + "/pause", null, requestedBy);
    }

    /** @param requestedBy sent as {@code X-Requested-By} */
    public JsonNode resumeSchedule(String name, String requestedBy) {
        return post("/schedules/" + segment(name) + "/resume", null, requestedBy);
    }

    /** @param requestedBy sent as {@code X-Requested-By} */
    public JsonNode deleteSchedule(String name, String requestedBy) {
        return send("DELETE", "/schedules/" + segment(name), null, requestedBy);
    }

    private JsonNode get(String path) {
        return send("GET", path, null, null);
    }

    private JsonNode post(String path, ObjectNode body, String requestedBy) {
        return send("POST", path, body == null ? "" : Json.compact(body), requestedBy);
    }

    private JsonNode send(String method, String path, String body, String requestedBy) {
        if (body == null) {
            return send(method, path, null, requestedBy, REQUEST_TIMEOUT);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(
                method,
                path,
                new Body("application/json", bytes.length, out -> out.write(bytes)),
                requestedBy,
                REQUEST_TIMEOUT);
    }

    /** A request body streamed to the connection: its type, its exact length, and what writes it. */
    record Body(String contentType, long length, BodyWriter writer) {}

    /** Writes a request body. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    private JsonNode send(String method, String path, Body body, String requestedBy, Duration readTimeout) {
        return send(method, path, body, requestedBy, readTimeout, null);
    }

    private JsonNode send(
            String method, String path, Body body, String requestedBy, Duration readTimeout, String idempotencyKey) {
        URI uri = URI.create(coordinator + API + path);
        int status;
        String answer;
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            if (tls != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setInstanceFollowRedirects(true);
            connection.setRequestProperty("Accept", "application/json, application/problem+json");
            connection.setRequestProperty("User-Agent", USER_AGENT);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (requestedBy != null && !requestedBy.isBlank()) {
                connection.setRequestProperty("X-Requested-By", requestedBy);
            }
            if (idempotencyKey != null) {
                connection.setRequestProperty("Idempotency-Key", idempotencyKey);
            }
            if (body != null) {
                connection.setRequestProperty("Content-Type", body.contentType());
                connection.setDoOutput(true);
                if (body.contentType().startsWith("multipart/")) {
                    // An upload is streamed as written: never the whole body in memory, whatever its size.
                    connection.setFixedLengthStreamingMode(body.length());
                }
                // Small JSON bodies are not streamed: in streaming mode HttpURLConnection drops the body of a 401
                // (the problem saying why).
                try (OutputStream out = connection.getOutputStream()) {
                    body.writer().write(out);
                }
            }
            status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new CoordinatorUnreachableException(coordinator, reasonOf(e), e);
        }
        if (status >= 200 && status < 300) {
            return parseAnswer(method, uri, answer);
        }
        throw new CoordinatorRejectedException(coordinator, status, problemOf(status, answer));
    }

    private JsonNode parseAnswer(String method, URI uri, String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.missingNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Most likely the URL points at something other than a coordinator.
            throw new CoordinatorUnreachableException(
                    coordinator, "the answer to " + method + " " + uri.getPath() + " is not JSON", e);
        }
    }

    /** The RFC 9457 problem in the body, or one made up from the status when the body is something else. */
    static Problem problemOf(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                if (node.isObject()) {
                    Problem problem = Json.read(node, Problem.class);
                    if (problem.title() != null || problem.detail() != null) {
                        return problem;
                    }
                }
            } catch (JacksonException e) {
                return new Problem(null, null, status, firstLine(body), null);
            }
        }
        return new Problem(null, null, status, null, null);
    }

    /** Why a request got no answer, in words: the JDK's exceptions often carry no message of their own. */
    static String reasonOf(IOException e) {
        if (e instanceof SocketTimeoutException) {
            // HttpURLConnection says "Connect timed out" or "Read timed out".
            return String.valueOf(e.getMessage()).toLowerCase().contains("connect")
                    ? "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s"
                    : "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        boolean refused = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "TLS failed: " + firstLine(String.valueOf(cause.getMessage()))
                        + " (a coordinator certificate from a private CA needs --ca-cert or $RINGVAULT_CA_CERT)";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            refused |= cause instanceof ConnectException;
            String message = cause.getMessage();
            if (message != null && !message.isBlank()) {
                return firstLine(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return refused ? "connection refused" : e.getClass().getSimpleName();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline).strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

package io.ringvault.cli.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's REST API ({@code /api/v1}). Answers come back as JSON trees so that {@code --json} can print them
 * exactly as received; callers map them to records with {@link Json#read}.
 */
public final class CoordinatorClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String API = "/api/v1";
    private static final String USER_AGENT = "ringvault-cli";

    private final URI coordinator;
    private final HttpClient http;

    /** @param coordinator the base URL, e.g. {@code http://127.0.0.1:8080} */
    public CoordinatorClient(URI coordinator) {
        this.coordinator = withoutTrailingSlash(coordinator);
        this.http = HttpClient.newBuilder()
                // The coordinator speaks HTTP/1.1: no h2c upgrade offered on every request.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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

    private JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    private JsonNode post(String path, ObjectNode body, String requestedBy) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(Json.compact(body), StandardCharsets.UTF_8));
        if (requestedBy != null && !requestedBy.isBlank()) {
            request.header("X-Requested-By", requestedBy);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(coordinator + API + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT);
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CoordinatorUnreachableException(coordinator, reasonOf(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorUnreachableException(coordinator, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parseAnswer(request, response.body());
        }
        throw new CoordinatorRejectedException(coordinator, status, problemOf(status, response.body()));
    }

    private JsonNode parseAnswer(HttpRequest request, String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.missingNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Most likely the URL points at something other than a coordinator.
            throw new CoordinatorUnreachableException(
                    coordinator,
                    "the answer to " + request.method() + " " + request.uri().getPath() + " is not JSON",
                    e);
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
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        boolean refused = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
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

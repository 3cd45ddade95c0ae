package io.ringvault.uploader.agent;

import io.ringvault.common.message.FileReady;
import io.ringvault.uploader.upload.AgentFiles;
import io.ringvault.uploader.upload.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads snapshot files from node agents:
 * {@code GET <agentUrl>/api/v1/snapshots/<backupId>/files/<dataDirectory>/<keyspace>/<tableDirectory>/<fileName>} with
 * {@code Authorization: Bearer <token>}, and {@code Range: bytes=<offset>-} to resume. The body is streamed, never
 * buffered. Every answer of the agent is classified here into a {@link SourceException}.
 */
public class AgentClient implements AgentFiles {
    static final String BUFFER_SIZE_PROPERTY = "jdk.httpclient.bufsize";
    static final int BODY_BUFFER_BYTES = 256 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient http;
    private final String token;
    private final Duration timeout;

    public AgentClient(String token, Duration timeout) {
        // The JDK client passes a response body on in buffers of jdk.httpclient.bufsize, 16 KiB by default: 65 thousand
        // hand-overs from its selector thread to the reader per GiB. 256 KiB buffers take a third off the client's CPU
        // per byte (BENCHMARKS.md). The property is JVM-wide and read when the JDK's HTTP client is first used, so it
        // is set only if nobody did (-Djdk.httpclient.bufsize wins).
        if (System.getProperty(BUFFER_SIZE_PROPERTY) == null) {
            System.setProperty(BUFFER_SIZE_PROPERTY, Integer.toString(BODY_BUFFER_BYTES));
        }
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The URL of a file on its node agent. */
    public static URI fileUri(String backupId, FileReady file, String tableDirectory) {
        String base = file.agentUrl().endsWith("/")
                ? file.agentUrl().substring(0, file.agentUrl().length() - 1)
                : file.agentUrl();
        return URI.create(base + "/api/v1/snapshots/" + segment(backupId) + "/files/" + file.dataDirectory() + "/"
                + segment(file.keyspace()) + "/" + segment(tableDirectory) + "/" + segment(file.fileName()));
    }

    @Override
    public URI locate(String backupId, FileReady file, String tableDirectory) {
        return fileUri(backupId, file, tableDirectory);
    }

    @Override
    public InputStream open(URI uri, long offset, long size) throws SourceException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SourceException(true, "cannot reach the node agent at " + uri + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(true, "interrupted while downloading " + uri, e);
        }
        int status = response.statusCode();
        InputStream body = response.body();
        if (status != 200 && status != 206) {
            close(body);
            throw refusal(uri, status);
        }
        try {
            long start = status == 206 ? rangeStart(response, uri, size) : 0;
            if (status == 200) {
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (length.isPresent() && length.getAsLong() != size) {
                    throw new SourceException(
                            false,
                            "the node agent serves " + length.getAsLong() + " bytes of " + uri + " but " + size
                                    + " were announced: the file changed");
                }
            }
            if (start != offset) {
                if (start > offset) {
                    throw new SourceException(
                            true, "the node agent answered a range from " + start + " for " + offset + " of " + uri);
                }
                // An agent that ignores Range sends the whole file: skip what was already read.
                body.skipNBytes(offset - start);
            }
            return body;
        } catch (IOException e) {
            close(body);
            throw e instanceof SourceException source
                    ? source
                    : new SourceException(true, "reading " + uri + " failed: " + describe(e), e);
        }
    }

    private static long rangeStart(HttpResponse<?> response, URI uri, long size) throws SourceException {
        String range = response.headers().firstValue("Content-Range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(range);
        if (!matcher.matches()) {
            throw new SourceException(true, "the node agent answered 206 without a valid Content-Range for " + uri);
        }
        if (!matcher.group(3).equals("*") && Long.parseLong(matcher.group(3)) != size) {
            throw new SourceException(
                    false,
                    "the node agent serves " + matcher.group(3) + " bytes of " + uri + " but " + size
                            + " were announced: the file changed");
        }
        return Long.parseLong(matcher.group(1));
    }

    private static SourceException refusal(URI uri, int status) {
        return switch (status) {
            case 401, 403 ->
                new SourceException(
                        false, "the node agent refused the uploader's token for " + uri + " (HTTP " + status + ")");
            case 404, 410 ->
                new SourceException(
                        false,
                        "the node agent no longer has " + uri + " (HTTP " + status
                                + "): the file vanished or the snapshot was cleared");
            case 408, 429 -> new SourceException(true, "the node agent is busy: HTTP " + status + " for " + uri);
            default -> new SourceException(status >= 500, "the node agent answered HTTP " + status + " for " + uri);
        };
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing a response we gave up on; nothing to do.
        }
    }
}

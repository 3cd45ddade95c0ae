package io.ringvault.agent.api;

import io.ringvault.agent.snapshot.SnapshotFileAccess;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentPaths;
import io.ringvault.agentapi.ContentRange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the files of the snapshots this agent took, for uploaders that fetch them over HTTP. The body is streamed from
 * disk, never buffered whole, and a {@code Range: bytes=<first>-[<last>]} request is answered with 206 and those
 * bytes, so an interrupted download resumes where it stopped.
 *
 * <p>On Tomcat the bytes go with {@code sendfile}: the kernel copies the file to the socket, and the agent, which runs
 * beside Cassandra, spends almost no CPU on them. Elsewhere the file channel is transferred to the response.
 *
 * <p>The path, headers and error reasons are agent-api's contract ({@link AgentPaths#SNAPSHOT_FILE}).
 */
@RestController
public class SnapshotFilesController {
    // Tomcat's request attributes for sendfile (org.apache.coyote.Constants); the endpoint sends the file itself.
    static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final SnapshotFileAccess access;

    public SnapshotFilesController(SnapshotFileAccess access) {
        this.access = access;
    }

    @GetMapping(AgentPaths.SNAPSHOT_FILE)
    public void file(
            @PathVariable String backupId,
            @PathVariable String dataDirectory,
            @PathVariable String keyspace,
            @PathVariable String tableDirectory,
            @PathVariable String fileName,
            @RequestHeader(name = AgentHeaders.RANGE, required = false) String range,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Path file = access.resolve(backupId, dataDirectory, keyspace, tableDirectory, fileName);
        long size = Files.size(file);
        response.setHeader(AgentHeaders.ACCEPT_RANGES, "bytes");
        ByteRange bytes;
        try {
            bytes = ByteRange.parse(range, size);
        } catch (IllegalArgumentException e) {
            // 416 range-not-satisfiable, with the file's size in Content-Range (ProblemHandler).
            throw new RangeNotSatisfiableException(size, e.getMessage());
        }
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        if (bytes.partial()) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader(AgentHeaders.CONTENT_RANGE, bytes.contentRange());
        }
        response.setContentLengthLong(bytes.length());
        if (bytes.length() == 0 || !"GET".equals(request.getMethod())) {
            // HEAD (mapped here too): the headers only. Tomcat would send a sendfile body even for HEAD.
            return;
        }
        if (Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            request.setAttribute(SENDFILE_FILENAME, file.toString());
            request.setAttribute(SENDFILE_START, bytes.first());
            request.setAttribute(SENDFILE_END, bytes.first() + bytes.length());
            return;
        }
        try (FileChannel channel = FileChannel.open(file);
                OutputStream out = response.getOutputStream()) {
            WritableByteChannel target = Channels.newChannel(out);
            long position = bytes.first();
            long end = bytes.first() + bytes.length();
            while (position < end) {
                position += channel.transferTo(position, end - position, target);
            }
        }
    }

    /**
     * The bytes a request asks for: all of them without a {@code Range}, or the one range {@code bytes=<first>-},
     * {@code bytes=<first>-<last>} or {@code bytes=-<suffix length>}. Several ranges are not something an uploader
     * asks for: refused, like a range that starts past the end.
     */
    record ByteRange(long first, long length, long size) {
        static ByteRange parse(String header, long size) {
            if (header == null || header.isBlank()) {
                return new ByteRange(0, size, size);
            }
            String spec = header.trim();
            if (!spec.startsWith("bytes=") || spec.contains(",")) {
                throw new IllegalArgumentException("only one range of bytes is served, not '" + header + "'");
            }
            spec = spec.substring("bytes=".length()).trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                throw new IllegalArgumentException("malformed range '" + header + "'");
            }
            try {
                String from = spec.substring(0, dash).trim();
                String to = spec.substring(dash + 1).trim();
                if (from.isEmpty()) {
                    long suffix = Long.parseLong(to);
                    if (suffix <= 0 || size == 0) {
                        throw new IllegalArgumentException("range '" + header + "' selects no byte");
                    }
                    long length = Math.min(suffix, size);
                    return new ByteRange(size - length, length, size);
                }
                long first = Long.parseLong(from);
                long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
                if (first < 0 || first >= size || last < first) {
                    throw new IllegalArgumentException(
                            "range '" + header + "' is outside the file's " + size + " bytes");
                }
                return new ByteRange(first, last - first + 1, size);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed range '" + header + "'");
            }
        }

        boolean partial() {
            return length != size || first != 0;
        }

        String contentRange() {
            return new ContentRange(first, first + length - 1, size).header();
        }
    }
}

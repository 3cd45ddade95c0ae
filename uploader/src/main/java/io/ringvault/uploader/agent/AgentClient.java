package io.ringvault.uploader.agent;

import io.ringvault.agentapi.client.AgentCallException;
import io.ringvault.agentapi.client.NodeAgentClient;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.failure.Failures;
import io.ringvault.common.message.FileReady;
import io.ringvault.uploader.upload.AgentFiles;
import io.ringvault.uploader.upload.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The node agents' snapshot files ({@code GET <agentUrl>/api/v1/snapshots/...}, agent-api's contract) through the
 * shared {@link NodeAgentClient}: {@code Authorization: Bearer <token>}, and {@code Range: bytes=<offset>-} to resume.
 * The body is streamed, never buffered. Every failure becomes a {@link SourceException}: retryable as the agent's reason
 * says (or its status, without one), and always when the agent cannot be reached.
 */
public class AgentClient implements AgentFiles {
    static final String BUFFER_SIZE_PROPERTY = "jdk.httpclient.bufsize";
    static final int BODY_BUFFER_BYTES = 256 * 1024;

    private final NodeAgentClient client;

    /** @param tls the TLS of {@code https://} agent URLs ({@link NodeAgentClient}); null: the JVM's default */
    public AgentClient(String token, Duration timeout, SSLContext tls) {
        // The JDK client passes a response body on in buffers of jdk.httpclient.bufsize, 16 KiB by default: 65 thousand
        // hand-overs from its selector thread to the reader per GiB. 256 KiB buffers take a third off the client's CPU
        // per byte (BENCHMARKS.md). The property is JVM-wide and read when the JDK's HTTP client is first used, so it
        // is set only if nobody did (-Djdk.httpclient.bufsize wins).
        if (System.getProperty(BUFFER_SIZE_PROPERTY) == null) {
            System.setProperty(BUFFER_SIZE_PROPERTY, Integer.toString(BODY_BUFFER_BYTES));
        }
        this.client = new NodeAgentClient(token, timeout, tls);
    }

    /** The URL of a file on its node agent. */
    public static URI fileUri(String backupId, FileReady file, String tableDirectory) {
        return NodeAgentClient.snapshotFileUri(
                file.agentUrl(), backupId, file.dataDirectory(), file.keyspace(), tableDirectory, file.fileName());
    }

    @Override
    public URI locate(String backupId, FileReady file, String tableDirectory) {
        return fileUri(backupId, file, tableDirectory);
    }

    @Override
    public InputStream open(URI uri, long offset, long size) throws SourceException {
        try {
            return client.openSnapshotFile(uri, offset, size);
        } catch (AgentCallException e) {
            throw new SourceException(e.reason(), e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new SourceException(FailureReason.IO_ERROR, "interrupted while downloading " + uri, e);
        } catch (IOException e) {
            throw new SourceException(
                    Failures.reasonOf(e), "cannot reach the node agent at " + uri + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

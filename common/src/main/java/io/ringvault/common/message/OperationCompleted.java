package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.operation.completed}: the operation finished successfully. Sent by the coordinator; the last event
 * of the operation.
 *
 * @param kind backup or restore
 * @param nodes how many nodes took part
 * @param files how many files were handled
 * @param bytes how many bytes they hold
 * @param bytesTransferred how many bytes actually moved (less than {@code bytes} when files were reused)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationCompleted(OperationKind kind, int nodes, long files, long bytes, long bytesTransferred)
        implements Event {
    public OperationCompleted {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        Names.requireNonNegative(nodes, "nodes");
        Names.requireNonNegative(files, "files");
        Names.requireNonNegative(bytes, "bytes");
        Names.requireNonNegative(bytesTransferred, "bytesTransferred");
    }
}

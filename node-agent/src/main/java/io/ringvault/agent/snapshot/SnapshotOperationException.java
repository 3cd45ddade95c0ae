package io.ringvault.agent.snapshot;

/**
 * Cassandra's snapshot service did not do what was asked: unreachable over JMX, or it refused. Clearing is retried
 * when this happens; taking a snapshot turns it into {@link SnapshotFailedException}.
 */
public class SnapshotOperationException extends RuntimeException {
    private final boolean alreadyExists;

    public SnapshotOperationException(String message, boolean alreadyExists, Throwable cause) {
        super(message, cause);
        this.alreadyExists = alreadyExists;
    }

    /** Cassandra said a snapshot with this tag already exists (a command delivered again). */
    public boolean alreadyExists() {
        return alreadyExists;
    }
}

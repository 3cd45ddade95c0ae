package io.ringvault.coordinator.cluster;

/** The coordinator cannot read the cluster's metadata right now, so it cannot validate a request. Retryable. */
public class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

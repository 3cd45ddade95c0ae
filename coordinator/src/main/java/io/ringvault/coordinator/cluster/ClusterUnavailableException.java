package io.ringvault.coordinator.cluster;

import io.ringvault.common.failure.ClassifiedFailure;
import io.ringvault.common.failure.FailureReason;

/**
 * The coordinator cannot read the cluster's metadata right now, so it cannot validate a request:
 * {@link FailureReason#CLUSTER_UNAVAILABLE}, retryable.
 */
public class ClusterUnavailableException extends RuntimeException implements ClassifiedFailure {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureReason reason() {
        return FailureReason.CLUSTER_UNAVAILABLE;
    }
}

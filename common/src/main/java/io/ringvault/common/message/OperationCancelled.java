package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code io.ringvault.operation.cancelled}: the operation was cancelled on request. Sent by the coordinator; the last
 * event of the operation.
 *
 * @param requestedBy who asked for the cancel
 * @param requestSource the CloudEvent source of the cancel request
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationCancelled(String requestedBy, String requestSource) implements Event {}

/**
 * One failure model for every service: {@link io.ringvault.common.failure.FailureReason} (stable code, retryable or
 * not, a safe message), the {@link io.ringvault.common.failure.ClassifiedFailure} exceptions that carry one, and
 * {@link io.ringvault.common.failure.Failures}, which classifies any exception and so decides every retry.
 */
package io.ringvault.common.failure;

package io.ringvault.coordinator.retention;

/** A purge of backups no retention policy applies to; the message names what is missing and is safe to show. */
public class NoRetentionPolicyException extends RuntimeException {
    public NoRetentionPolicyException(String message) {
        super(message);
    }
}

package io.ringvault.common.failure;

/**
 * An exception that knows why it happened. Every exception of ringvault that a caller may act on (retry, report, answer
 * with a problem) implements this, whatever class it extends ({@link RuntimeException}, {@link java.io.IOException}):
 * its {@link #reason()} decides whether it is retried ({@link Failures#retryable}) and what reason its event or answer
 * carries. Its message is the detail: safe to show, never a secret.
 */
public interface ClassifiedFailure {
    /** Why it failed. Never null. */
    FailureReason reason();
}

package io.ringvault.common.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that turns any exception into a {@link FailureReason}, and so the one place that decides whether a
 * failure is worth another attempt: every retry of ringvault (Resilience4j policies, resumed downloads) asks
 * {@link #retryable(Throwable)}.
 */
public final class Failures {
    /** Deeper chains are not walked: a cause cycle the JDK's own check misses must not loop forever. */
    private static final int MAX_DEPTH = 32;

    private Failures() {}

    /**
     * Why {@code failure} happened:
     *
     * <ul>
     *   <li>a {@link ClassifiedFailure}'s own reason, also when it is wrapped in an {@link ExecutionException},
     *       {@link CompletionException}, {@link UncheckedIOException} or {@link InvocationTargetException};
     *   <li>{@link FailureReason#TIMEOUT} for a socket, HTTP or {@link TimeoutException} timeout;
     *   <li>{@link FailureReason#IO_ERROR} for any other {@link IOException}: no answer came (refused, reset, broken
     *       off), which a later attempt may get;
     *   <li>{@link FailureReason#INTERNAL_ERROR} for anything else (and null): a bug is not retried.
     * </ul>
     */
    public static FailureReason reasonOf(Throwable failure) {
        Throwable e = failure;
        for (int depth = 0; e != null && depth < MAX_DEPTH; depth++) {
            if (e instanceof ClassifiedFailure classified) {
                return classified.reason();
            }
            if (!isWrapper(e) || e.getCause() == null || e.getCause() == e) {
                break;
            }
            e = e.getCause();
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return FailureReason.TIMEOUT;
        }
        if (e instanceof IOException) {
            return FailureReason.IO_ERROR;
        }
        return FailureReason.INTERNAL_ERROR;
    }

    /** Whether another attempt of what threw {@code failure} can succeed: {@code reasonOf(failure).retryable()}. */
    public static boolean retryable(Throwable failure) {
        return reasonOf(failure).retryable();
    }

    private static boolean isWrapper(Throwable e) {
        return e instanceof ExecutionException
                || e instanceof CompletionException
                || e instanceof UncheckedIOException
                || e instanceof InvocationTargetException;
    }
}

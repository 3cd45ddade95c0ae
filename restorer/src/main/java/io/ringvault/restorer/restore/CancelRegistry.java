package io.ringvault.restorer.restore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Operations whose cancellation this restorer has seen, with the reason. Filled by the cancel listener (its own thread),
 * read by a running restore between files and chunks. Bounded: the oldest entries go first.
 */
public class CancelRegistry {
    private static final int CAPACITY = 10_000;

    private final Map<String, String> cancelled = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void cancel(String operationId, String reason) {
        cancelled.put(operationId, reason == null || reason.isBlank() ? "cancelled" : reason);
    }

    public synchronized Optional<String> reason(String operationId) {
        return Optional.ofNullable(cancelled.get(operationId));
    }

    /** Throws {@link RestoreCancelled} when the operation was cancelled. */
    public void check(String operationId) {
        Optional<String> reason = reason(operationId);
        if (reason.isPresent()) {
            throw new RestoreCancelled(reason.get());
        }
    }
}

package io.ringvault.uploader.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the uploader ({@code ringvault.uploader.*}); every key is in {@code application.yml} with its default.
 *
 * @param agentToken the bearer token the node agents expect; never logged or printed
 * @param directRead read a file from its {@code localPath} when this host can (an uploader beside the node), instead of
 *     downloading it from the node agent
 * @param concurrency files this instance uploads at once (worker threads)
 * @param lookupConcurrency files this instance looks up in the store at once, to reuse them in a differential backup
 * @param maxBytesPerSecond the instance's bandwidth for all its files together; 0 for unlimited
 * @param batchBytes the bytes the files of one batch (committed together) may announce; a batch takes at least one file
 * @param retry how one file's transfer is retried
 * @param source the CloudEvent {@code source} of the uploader's events
 * @param consumerGroup the consumer group every uploader of a deployment shares
 * @param agentTimeout how long to wait to connect to a node agent, for its response headers, and for the next bytes of
 *     a body before the download is resumed
 * @param cancels how cancelled backups are remembered
 */
@Validated
@ConfigurationProperties("ringvault.uploader")
public record UploaderProperties(
        String agentToken,
        boolean directRead,
        @Min(1) int concurrency,
        @Min(1) int lookupConcurrency,
        @NotNull DataSize maxBytesPerSecond,
        @NotNull DataSize batchBytes,
        @NotNull @Valid Retry retry,
        @NotBlank String source,
        @NotBlank String consumerGroup,
        @NotNull Duration agentTimeout,
        @NotNull @Valid Cancels cancels) {

    public UploaderProperties {
        concurrency = concurrency == 0 ? 2 : concurrency;
        lookupConcurrency = lookupConcurrency == 0 ? 8 : lookupConcurrency;
        maxBytesPerSecond = maxBytesPerSecond == null ? DataSize.ofBytes(0) : maxBytesPerSecond;
        batchBytes = batchBytes == null ? DataSize.ofGigabytes(1) : batchBytes;
        if (batchBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("ringvault.uploader.batch-bytes must be positive, not " + batchBytes);
        }
        retry = retry == null ? new Retry(0, null, null) : retry;
        source = source == null || source.isBlank() ? "/ringvault/uploader" : source;
        consumerGroup = consumerGroup == null || consumerGroup.isBlank() ? "ringvault-uploader" : consumerGroup;
        agentTimeout = agentTimeout == null ? Duration.ofSeconds(60) : agentTimeout;
        cancels = cancels == null ? new Cancels(null, 0) : cancels;
    }

    /**
     * The backups cancelled ({@code operation.cancel.command}) whose files are dropped: a {@code file.ready} may be read
     * after its backup's cancel, so cancels are remembered.
     *
     * @param rememberFor how long after it was sent a cancel is remembered, and how far back each instance reads the
     *     commands topic as it starts (to learn the cancels sent while it was down); default 24h. Longer than the
     *     uploaders may lag behind the files topic.
     * @param maxBackups the cancels remembered at most, the oldest forgotten first; default 10000
     */
    public record Cancels(Duration rememberFor, @Min(1) int maxBackups) {
        public Cancels {
            rememberFor = rememberFor == null ? Duration.ofHours(24) : rememberFor;
            maxBackups = maxBackups == 0 ? 10_000 : maxBackups;
            if (rememberFor.isNegative() || rememberFor.isZero()) {
                throw new IllegalArgumentException(
                        "ringvault.uploader.cancels.remember-for must be positive, not " + rememberFor);
            }
        }
    }

    /**
     * Exponential back-off with jitter around one file's transfer (its head, download and upload).
     *
     * @param maxAttempts attempts per file, the first included; default 5
     * @param initialBackoff the wait before the second attempt; default 1s, doubling after each failure
     * @param maxBackoff the longest wait; default 30s
     */
    public record Retry(@Min(1) int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            maxAttempts = maxAttempts == 0 ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("ringvault.uploader.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "UploaderProperties[agentToken=" + (agentToken == null || agentToken.isEmpty() ? "(none)" : "(redacted)")
                + ", directRead=" + directRead + ", concurrency=" + concurrency + ", lookupConcurrency="
                + lookupConcurrency + ", maxBytesPerSecond="
                + maxBytesPerSecond + ", batchBytes=" + batchBytes + ", retry=" + retry + ", source=" + source
                + ", consumerGroup=" + consumerGroup
                + ", agentTimeout=" + agentTimeout + ", cancels=" + cancels + "]";
    }
}

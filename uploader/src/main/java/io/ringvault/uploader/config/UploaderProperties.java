package io.ringvault.uploader.config;

import io.ringvault.connections.Secret;
import io.ringvault.connections.Settings;
import io.ringvault.connections.tls.ClientTls;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the uploader ({@code ringvault.uploader.*}). The defaults are here, and only here: an absent or empty
 * setting takes them ({@code application.yml} maps the environment variables with empty defaults); a zero, negative or
 * otherwise bad value fails the start with the property's name.
 *
 * @param agentToken the bearer token the node agents expect; prints as {@code (redacted)}
 * @param directRead read a file from its {@code localPath} when this host can (an uploader beside the node), instead of
 *     downloading it from the node agent; default false
 * @param concurrency files this instance uploads at once (worker threads); default 2, at least 1
 * @param lookupConcurrency files this instance looks up in the store at once, to reuse them in a differential backup;
 *     default 8, at least 1
 * @param maxBytesPerSecond the instance's bandwidth for all its files together; default 0, unlimited
 * @param batchBytes the bytes the files of one batch (committed together) may announce; a batch takes at least one
 *     file; default 1 GB, positive
 * @param retry how one file's transfer is retried
 * @param source the CloudEvent {@code source} of the uploader's events; default {@code /ringvault/uploader}
 * @param consumerGroup the consumer group every uploader of a deployment shares; default {@code ringvault-uploader}
 * @param agentTimeout how long to wait to connect to a node agent, for its response headers, and for the next bytes of
 *     a body before the download is resumed; default 60 s
 * @param cancels how cancelled backups are remembered
 * @param agentTls the TLS of {@code https://} agent URLs: the agents' CA and, for mutual TLS, this uploader's client
 *     certificate; default the JVM's trust, no client certificate
 */
@ConfigurationProperties("ringvault.uploader")
public record UploaderProperties(
        Secret agentToken,
        Boolean directRead,
        Integer concurrency,
        Integer lookupConcurrency,
        DataSize maxBytesPerSecond,
        DataSize batchBytes,
        Retry retry,
        String source,
        String consumerGroup,
        Duration agentTimeout,
        Cancels cancels,
        ClientTls agentTls) {

    public UploaderProperties {
        // Boxed, so that an empty value (an unset variable) binds as "not set" rather than failing.
        directRead = directRead != null && directRead;
        concurrency = Settings.atLeast(Settings.orDefault(concurrency, 2), 1, "ringvault.uploader.concurrency");
        lookupConcurrency =
                Settings.atLeast(Settings.orDefault(lookupConcurrency, 8), 1, "ringvault.uploader.lookup-concurrency");
        maxBytesPerSecond = Settings.notNegative(
                Settings.orDefault(maxBytesPerSecond, DataSize.ofBytes(0)), "ringvault.uploader.max-bytes-per-second");
        batchBytes = Settings.positive(
                Settings.orDefault(batchBytes, DataSize.ofGigabytes(1)), "ringvault.uploader.batch-bytes");
        retry = Settings.orDefault(retry, new Retry(null, null, null));
        source = Settings.orDefault(source, "/ringvault/uploader");
        consumerGroup = Settings.orDefault(consumerGroup, "ringvault-uploader");
        agentTimeout = Settings.positive(
                Settings.orDefault(agentTimeout, Duration.ofSeconds(60)), "ringvault.uploader.agent-timeout");
        cancels = Settings.orDefault(cancels, new Cancels(null, null));
        agentTls = Settings.orDefault(agentTls, ClientTls.defaults());
    }

    /** Every setting at its default (no agent token). */
    public static UploaderProperties defaults() {
        return new UploaderProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The backups cancelled ({@code operation.cancel.command}) whose files are dropped: a {@code file.ready} may be read
     * after its backup's cancel, so cancels are remembered.
     *
     * @param rememberFor how long after it was sent a cancel is remembered, and how far back each instance reads the
     *     commands topic as it starts (to learn the cancels sent while it was down); default 24h, positive. Longer than
     *     the uploaders may lag behind the files topic.
     * @param maxBackups the cancels remembered at most, the oldest forgotten first; default 10000, at least 1
     */
    public record Cancels(Duration rememberFor, Integer maxBackups) {
        public Cancels {
            rememberFor = Settings.positive(
                    Settings.orDefault(rememberFor, Duration.ofHours(24)), "ringvault.uploader.cancels.remember-for");
            maxBackups = Settings.atLeast(
                    Settings.orDefault(maxBackups, 10_000), 1, "ringvault.uploader.cancels.max-backups");
        }
    }

    /**
     * Exponential back-off with jitter around one file's transfer (its head, download and upload).
     *
     * @param maxAttempts attempts per file, the first included; default 5, at least 1
     * @param initialBackoff the wait before the second attempt; default 1s, doubling after each failure
     * @param maxBackoff the longest wait; default 30s, not shorter than {@code initialBackoff}
     */
    public record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public Retry {
            maxAttempts =
                    Settings.atLeast(Settings.orDefault(maxAttempts, 5), 1, "ringvault.uploader.retry.max-attempts");
            initialBackoff = Settings.positive(
                    Settings.orDefault(initialBackoff, Duration.ofSeconds(1)),
                    "ringvault.uploader.retry.initial-backoff");
            maxBackoff = Settings.orDefault(maxBackoff, Duration.ofSeconds(30));
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("ringvault.uploader.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
        }
    }
}

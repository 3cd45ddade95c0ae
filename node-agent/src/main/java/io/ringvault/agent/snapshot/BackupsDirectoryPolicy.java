package io.ringvault.agent.snapshot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code backups/} directories from filling the disk, and says how full they are. Backups release what they
 * ship ({@link BackupsDirectories#release}); what no backup ships (incremental backups on, but no incremental backup
 * taken) is removed once older than {@code maxUnshippedAge}, and its table is recorded in {@link BackupsDirectoryGaps}
 * so the next incremental backup takes a snapshot of it rather than miss those files. Null {@code maxUnshippedAge}
 * keeps every file until a backup ships it.
 *
 * <p>Metrics: {@code ringvault_agent_backups_directory_bytes}, {@code _files} and {@code _oldest_age_seconds}.
 */
public class BackupsDirectoryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(BackupsDirectoryPolicy.class);

    private final BackupsDirectories directories;
    private final BackupsDirectoryGaps gaps;
    private final Duration maxUnshippedAge;
    private final Clock clock;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public BackupsDirectoryPolicy(
            BackupsDirectories directories,
            BackupsDirectoryGaps gaps,
            Duration maxUnshippedAge,
            Clock clock,
            MeterRegistry registry) {
        this.directories = directories;
        this.gaps = gaps;
        this.maxUnshippedAge = maxUnshippedAge;
        this.clock = clock;
        Gauge.builder("ringvault.agent.backups.directory.bytes", bytes, AtomicLong::get)
                .description("Bytes held in the backups/ directories of this node's tables (incremental backups)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("ringvault.agent.backups.directory.files", files, AtomicLong::get)
                .description("Files held in the backups/ directories of this node's tables")
                .register(registry);
        Gauge.builder("ringvault.agent.backups.directory.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest file no backup has shipped yet; 0 when there is none")
                .baseUnit("seconds")
                .register(registry);
    }

    /** One pass: removes what is too old (recording the gap), then measures what remains. */
    public void enforce() {
        Instant now = clock.instant();
        long[] totals = new long[2];
        Instant[] oldest = {null};
        directories.forEach(file -> {
            if (maxUnshippedAge != null
                    && Duration.between(file.lastModified(), now).compareTo(maxUnshippedAge) > 0) {
                // The gap first: should the delete succeed and the agent stop, the next incremental still knows.
                gaps.open(file.keyspace() + "." + file.table());
                try {
                    Files.deleteIfExists(file.path());
                    LOG.info(
                            "backups/ file removed unshipped table={}.{} file={} age={} maxUnshippedAge={}",
                            file.keyspace(),
                            file.table(),
                            file.path().getFileName(),
                            Duration.between(file.lastModified(), now),
                            maxUnshippedAge);
                    return;
                } catch (IOException e) {
                    LOG.warn("backups/ file not removed {}: {}", file.path(), e.getMessage());
                }
            }
            totals[0] += file.size();
            totals[1]++;
            if (oldest[0] == null || file.lastModified().isBefore(oldest[0])) {
                oldest[0] = file.lastModified();
            }
        });
        bytes.set(totals[0]);
        files.set(totals[1]);
        oldestAgeSeconds.set(
                oldest[0] == null
                        ? 0
                        : Math.max(0, Duration.between(oldest[0], now).toSeconds()));
    }
}

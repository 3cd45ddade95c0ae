package io.ringvault.agent.config;

import io.ringvault.connections.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What happens to the {@code backups/} directories, where Cassandra hard-links every flushed SSTable when
 * {@code incremental_backups} is on ({@code ringvault.agent.backups-directory.*}). Every backup removes the links it
 * holds once its manifests are written; these settings cover the files no backup ships.
 *
 * @param maxUnshippedAge a file no backup shipped is removed once older than this, and the next incremental backup of
 *     its table takes a snapshot of this node instead of missing it; default 7 days
 * @param checkInterval how often the directories are measured (the {@code ringvault_agent_backups_directory_*}
 *     metrics) and old files removed; default 1 minute
 */
@ConfigurationProperties("ringvault.agent.backups-directory")
public record BackupsDirectoryProperties(Duration maxUnshippedAge, Duration checkInterval) {

    public BackupsDirectoryProperties {
        maxUnshippedAge = Settings.positive(
                Settings.orDefault(maxUnshippedAge, Duration.ofDays(7)),
                "ringvault.agent.backups-directory.max-unshipped-age");
        checkInterval = Settings.positive(
                Settings.orDefault(checkInterval, Duration.ofMinutes(1)),
                "ringvault.agent.backups-directory.check-interval");
    }
}

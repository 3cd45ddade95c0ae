package io.ringvault.coordinator.catalog;

import static io.ringvault.coordinator.fakes.StoredBackups.SCHEMA_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.StoredBackups;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupUsageTest {
    private static final Instant DAY_1 = Instant.parse("2026-12-01T02:01:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-12-02T02:01:00Z");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ObjectLayout layout = new ObjectLayout("", "prod");
    private final StoredBackups backups = new StoredBackups(store, layout);
    private final BackupUsage usage = new BackupUsage(new BackupCatalog(store, layout, new CloudEventCodec().mapper()));

    @Test
    void shouldCountAnObjectSharedByTwoBackupsInNeitherBackupsUniqueBytesAndOnceInTheStoresTotal() {
        // Two nodes; b-2 is differential: it shares sstable 1 of both nodes with b-1 and adds sstable 2 on h-1.
        backups.store(
                "b-1", DAY_1, Map.of("h-1", Map.of("nb-1-Data.db", 1000L), "h-2", Map.of("nb-1-Data.db", 2000L)), null);
        backups.store(
                "b-2",
                DAY_2,
                Map.of(
                        "h-1", Map.of("nb-1-Data.db", 1000L, "nb-2-Data.db", 300L),
                        "h-2", Map.of("nb-1-Data.db", 2000L)),
                null);

        BackupUsage.Report report = usage.refresh();

        // Each node's schema.cql is per backup: always unique.
        assertThat(report.measures().get("b-1")).isEqualTo(new BackupUsage.Measure(4, 3014, 2, 2 * SCHEMA_BYTES));
        assertThat(report.measures().get("b-2")).isEqualTo(new BackupUsage.Measure(5, 3314, 3, 300 + 2 * SCHEMA_BYTES));
        assertThat(report.referencedObjects()).isEqualTo(7);
        assertThat(report.referencedBytes()).isEqualTo(3300 + 4 * SCHEMA_BYTES);
        assertThat(report.listed().contains("prod/nodes/h-1/ks/t-1/nb-2-Data.db"))
                .isTrue();
        assertThat(report.listed().contains("prod/nodes/h-1/ks/t-1/nb-3-Data.db"))
                .isFalse();
    }

    @Test
    void shouldFreeTheSharedObjectsOfTheRemainingBackupOnceTheOtherLeavesTheIndex() {
        backups.store("b-1", DAY_1, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), null);
        backups.store("b-2", DAY_2, Map.of("h-1", Map.of("nb-1-Data.db", 1000L, "nb-2-Data.db", 10L)), null);
        assertThat(usage.refresh().measures().get("b-2").uniqueBytes()).isEqualTo(10 + SCHEMA_BYTES);

        backups.unlist("b-1");
        BackupUsage.Report report = usage.refresh();

        assertThat(report.measures()).containsOnlyKeys("b-2");
        assertThat(report.measures().get("b-2"))
                .isEqualTo(new BackupUsage.Measure(3, 1010 + SCHEMA_BYTES, 3, 1010 + SCHEMA_BYTES));
        assertThat(report.referencedBytes()).isEqualTo(1010 + SCHEMA_BYTES);
    }

    @Test
    void shouldReadEachBackupsManifestsOnceAndReportABackupWithAMissingManifestWithoutFigures() {
        backups.store("b-1", DAY_1, Map.of("h-1", Map.of("nb-1-Data.db", 1000L)), null);
        usage.refresh();
        int reads = store.reads();
        backups.store("b-2", DAY_2, Map.of("h-1", Map.of("nb-2-Data.db", 5L)), null);
        store.delete(layout.backupManifest("b-2"));

        BackupUsage.Report report = usage.refresh();

        // The index, and b-2's missing manifest: b-1's manifests are not read again.
        assertThat(store.reads() - reads).isEqualTo(2);
        assertThat(report.backups()).extracting(BackupIndex.Entry::backupId).containsExactly("b-2", "b-1");
        assertThat(report.measures()).containsOnlyKeys("b-1");
    }

    @Test
    void shouldGiveTheLastCompleteBackupOfEachKeyspaceAndOfEachSchedule() {
        backups.store("b-1", DAY_1, Map.of("h-1", Map.of("nb-1-Data.db", 1L)), "nightly");
        backups.store("b-2", DAY_2, Map.of("h-1", Map.of("nb-1-Data.db", 1L)), null);

        BackupUsage.Report report = usage.refresh();

        assertThat(report.lastCompleteByKeyspace()).isEqualTo(Map.of("ks", DAY_2));
        assertThat(report.lastCompleteBySchedule()).isEqualTo(Map.of("nightly", DAY_1));
    }
}

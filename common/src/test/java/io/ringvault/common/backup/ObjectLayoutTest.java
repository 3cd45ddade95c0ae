package io.ringvault.common.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.message.BackupMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectLayoutTest {
    private static final String HOST = "5a1e2f3b-7c4d-4e8f-9a0b-1c2d3e4f5a6b";
    private static final String BACKUP = "3f6c1d2e-8b4a-4c7e-9a51-0d2e7b6f4a18";
    private static final String TABLE_DIRECTORY = "orders-6c5b7a10e1f211ee9a4b0f1c2d3e4f50";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''              | ''",
                "'backups'       | 'backups/'",
                "'/a/b/'         | 'a/b/'",
                "'a/b'           | 'a/b/'",
                "'//backups//'   | 'backups/'",
                "'  backups/  '  | 'backups/'",
                "'/'             | ''",
                "'   '           | ''"
            })
    void everyKeyStartsWithThePrefixWithoutExtraSlashesThenTheCluster(String prefix, String root) {
        ObjectLayout layout = new ObjectLayout(prefix, "shop-prod");
        String base = root + "shop-prod/";

        assertThat(layout.index()).isEqualTo(base + "index.json");
        assertThat(layout.backupManifest(BACKUP)).isEqualTo(base + "backups/" + BACKUP + "/manifest.json");
        assertThat(layout.nodeManifest(BACKUP, HOST))
                .isEqualTo(base + "backups/" + BACKUP + "/nodes/" + HOST + ".json");
        assertThat(layout.nodeFile(HOST, "shop", TABLE_DIRECTORY, "nb-3-big-Data.db"))
                .isEqualTo(base + "nodes/" + HOST + "/shop/" + TABLE_DIRECTORY + "/nb-3-big-Data.db");
        assertThat(layout.index()).doesNotStartWith("/").doesNotContain("//");
    }

    @Test
    void aNullPrefixIsNoPrefix() {
        ObjectLayout layout = new ObjectLayout(null, "shop-prod");

        assertThat(layout.prefix()).isEmpty();
        assertThat(layout.index()).isEqualTo("shop-prod/index.json");
        assertThat(layout).isEqualTo(new ObjectLayout("", "shop-prod"));
        assertThat(new ObjectLayout("/a/b/", "shop-prod")).isEqualTo(new ObjectLayout("a/b", "shop-prod"));
    }

    @Test
    void sstableComponentsAreSharedBetweenBackupsAndCassandrasSnapshotFilesAreKeptPerBackup() {
        ObjectLayout layout = new ObjectLayout("backups", "shop-prod");
        String table = "backups/shop-prod/nodes/" + HOST + "/shop/" + TABLE_DIRECTORY + "/";

        for (String component : List.of("nb-3-big-Data.db", "nb-3-big-TOC.txt", "oa-7-big-Digest.crc32")) {
            assertThat(layout.snapshotFile(HOST, "shop", TABLE_DIRECTORY, BACKUP, 0, component))
                    .isEqualTo(table + component)
                    .isEqualTo(layout.snapshotFile(HOST, "shop", TABLE_DIRECTORY, "another-backup", 1, component))
                    .isEqualTo(layout.nodeFile(HOST, "shop", TABLE_DIRECTORY, component));
            assertThat(ObjectLayout.isPerSnapshot(component)).isFalse();
        }
        for (String perSnapshot : List.of("manifest.json", "schema.cql")) {
            assertThat(layout.snapshotFile(HOST, "shop", TABLE_DIRECTORY, BACKUP, 0, perSnapshot))
                    .isEqualTo(table + "snapshots/" + BACKUP + "/" + perSnapshot);
            assertThat(layout.snapshotFile(HOST, "shop", TABLE_DIRECTORY, "another-backup", 0, perSnapshot))
                    .isEqualTo(table + "snapshots/another-backup/" + perSnapshot);
            assertThat(layout.snapshotFile(HOST, "shop", TABLE_DIRECTORY, BACKUP, 2, perSnapshot))
                    .as("JBOD: every data directory's snapshot has its own copy")
                    .isEqualTo(table + "snapshots/" + BACKUP + "/data-2/" + perSnapshot);
            assertThat(ObjectLayout.isPerSnapshot(perSnapshot)).isTrue();
        }
    }

    @Test
    void keysOfOneClusterNeverCollideWithAnother() {
        assertThat(new ObjectLayout("backups", "prod").index())
                .isNotEqualTo(new ObjectLayout("backups", "staging").index());
        assertThat(new ObjectLayout("", "prod").nodeFile(HOST, "shop", TABLE_DIRECTORY, "f"))
                .doesNotStartWith(new ObjectLayout("", "prod-2").index().replace("index.json", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../b", "a//b", "./a", "a/."})
    void rejectsPrefixesThatLeaveTheirPlace(String prefix) {
        assertThatThrownBy(() -> new ObjectLayout(prefix, "prod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "/prod", "prod/", "..", "../prod", "prod/..", "a..b"})
    void rejectsClusterNamesThatAreNotAPlainName(String cluster) {
        assertThatThrownBy(() -> new ObjectLayout("backups", cluster))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster");
    }

    @Test
    void requiresACluster() {
        assertThatThrownBy(() -> new ObjectLayout("backups", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cluster");
    }

    // --- the backup index ---

    @Test
    void theIndexKeepsTheNewestBackupFirst() {
        BackupIndex index = new BackupIndex(null)
                .with(entry("b2", "2026-03-15T02:01:46Z"))
                .with(entry("b1", "2026-03-14T02:14:33Z"))
                .with(entry("b3", "2026-03-16T02:02:10Z"));

        assertThat(index.backups()).extracting(BackupIndex.Entry::backupId).containsExactly("b3", "b2", "b1");
    }

    @Test
    void addingABackupAgainReplacesItsEntry() {
        BackupIndex index = new BackupIndex(List.of())
                .with(entry("b1", "2026-03-14T02:14:33Z"))
                .with(entry("b2", "2026-03-15T02:01:46Z"));
        BackupIndex.Entry rewritten = new BackupIndex.Entry(
                "b1",
                Instant.parse("2026-03-14T02:20:00Z"),
                List.of("shop"),
                List.of(),
                3,
                90,
                9_000,
                "shop-prod/backups/b1/manifest.json",
                BackupMode.FULL,
                List.of(),
                Instant.parse("2026-03-14T02:10:00Z"));

        BackupIndex updated = index.with(rewritten);

        assertThat(updated.backups()).extracting(BackupIndex.Entry::backupId).containsExactly("b2", "b1");
        assertThat(updated.backups().get(1)).isEqualTo(rewritten);
        assertThat(index.backups()).as("with() leaves the original alone").hasSize(2);
        assertThat(index.backups().get(1).nodes()).isEqualTo(2);
    }

    @Test
    void theIndexIsImmutable() {
        BackupIndex index = new BackupIndex(List.of(entry("b1", "2026-03-14T02:14:33Z")));

        assertThatThrownBy(() -> index.backups().add(entry("b2", "2026-03-15T02:01:46Z")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new BackupIndex(null).backups()).isEmpty();
    }

    private static BackupIndex.Entry entry(String backupId, String completedAt) {
        return new BackupIndex.Entry(
                backupId,
                Instant.parse(completedAt),
                List.of("shop"),
                List.of("dc1", "dc2"),
                2,
                60,
                6_000,
                "shop-prod/backups/" + backupId + "/manifest.json",
                BackupMode.DIFFERENTIAL,
                List.of(),
                Instant.parse(completedAt).minusSeconds(60));
    }
}

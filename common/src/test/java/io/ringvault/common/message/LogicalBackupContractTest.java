package io.ringvault.common.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The method, format and row-count fields of a logical backup: validation, and written only when set. */
class LogicalBackupContractTest {
    private static final JsonMapper JSON = new CloudEventCodec().mapper();
    private static final NodeRef NODE = new NodeRef("host-1", "10.0.0.1", "dc1", "rack1");

    @Test
    void shouldKeepEveryFieldWhenTheCallerIsSetOrTheRequestIsResolved() {
        BackupRequested backup = new BackupRequested(
                List.of("shop"),
                null,
                null,
                null,
                "body says mallory",
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                LogicalFormat.CSV);
        RestoreRequested restore = new RestoreRequested(
                "backup-1",
                List.of("shop"),
                null,
                null,
                "body says mallory",
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of("shop.orders", "shop2.orders2"),
                Map.of("shop", "shop2"),
                7L);

        assertThat(backup.requestedBy("alice"))
                .isEqualTo(new BackupRequested(
                        List.of("shop"),
                        null,
                        null,
                        null,
                        "alice",
                        null,
                        null,
                        null,
                        null,
                        null,
                        BackupMethod.LOGICAL,
                        LogicalFormat.CSV));
        RestoreRequested byAlice = restore.requestedBy("alice");
        assertThat(byAlice.requestedBy()).isEqualTo("alice");
        assertThat(byAlice.renames()).isEqualTo(restore.renames());
        assertThat(byAlice.renameKeyspaces()).isEqualTo(restore.renameKeyspaces());
        assertThat(byAlice.maxErrors()).isEqualTo(7L);
        assertThat(byAlice.restoring("backup-2").renames()).isEqualTo(restore.renames());
    }

    @Test
    void shouldForceModeFullForALogicalBackup() {
        BackupRequested request = new BackupRequested(
                List.of("shop"),
                null,
                null,
                BackupMode.DIFFERENTIAL,
                null,
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                null);

        assertThat(request.mode()).isEqualTo(BackupMode.FULL);
        assertThat(request.logicalBackup()).isTrue();
        assertThat(BackupRequested.logical(List.of("shop"), null, null, null, null)
                        .mode())
                .isEqualTo(BackupMode.FULL);
    }

    @Test
    void shouldRefuseAnIncrementalLogicalBackup() {
        assertThatThrownBy(() -> new BackupRequested(
                        List.of("shop"),
                        null,
                        null,
                        BackupMode.INCREMENTAL,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        BackupMethod.LOGICAL,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a logical backup is always full");
        assertThatThrownBy(() -> new TakeSnapshot(
                        "b1",
                        List.of("shop"),
                        null,
                        BackupMode.INCREMENTAL,
                        List.of(NODE),
                        null,
                        null,
                        null,
                        BackupMethod.LOGICAL,
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a logical backup is always full");
    }

    @Test
    void shouldRefuseAFormatWithoutMethodLogical() {
        assertThatThrownBy(() -> new BackupRequested(
                        List.of("shop"), null, null, null, null, null, null, null, null, null, null, LogicalFormat.CSV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format csv");
        assertThatThrownBy(() -> new TakeSnapshot(
                        "b1",
                        List.of("shop"),
                        null,
                        null,
                        List.of(NODE),
                        null,
                        null,
                        null,
                        BackupMethod.SNAPSHOT,
                        LogicalFormat.CSV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format csv");
    }

    @Test
    void shouldWriteMethodAndFormatOnlyWhenLogicalAndCsv() throws Exception {
        String snapshot = JSON.writeValueAsString(new BackupRequested(
                List.of("shop"), null, null, null, null, null, null, null, null, null, BackupMethod.SNAPSHOT, null));
        String nativeLogical = JSON.writeValueAsString(
                BackupRequested.logical(List.of("shop"), null, null, null, LogicalFormat.NATIVE));
        String csv =
                JSON.writeValueAsString(BackupRequested.logical(List.of("shop"), null, null, null, LogicalFormat.CSV));

        assertThat(snapshot).doesNotContain("method").doesNotContain("format");
        assertThat(nativeLogical).contains("\"method\":\"logical\"").doesNotContain("format");
        assertThat(csv).contains("\"method\":\"logical\"").contains("\"format\":\"csv\"");
        assertThat(JSON.readValue(csv, BackupRequested.class).format()).isEqualTo(LogicalFormat.CSV);
    }

    @Test
    void shouldCarryRowsOnlyForALogicalBackup() throws Exception {
        SnapshotTaken taken = new SnapshotTaken(NODE, 1, 10, "5.0.4", null, null, null, null, Map.of("shop.t", 3L));
        assertThat(JSON.readValue(JSON.writeValueAsString(taken), SnapshotTaken.class)
                        .rows())
                .containsExactly(Map.entry("shop.t", 3L));
        assertThat(JSON.writeValueAsString(new SnapshotTaken(NODE, 1, 10, "5.0.4", null, null)))
                .doesNotContain("rows");
        assertThatThrownBy(() -> new SnapshotTaken(NODE, 1, 10, "5.0.4", null, null, null, null, Map.of("shop.t", -1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop.t");
        assertThatThrownBy(() -> new BackupManifest(
                        1,
                        "b1",
                        "c",
                        BackupMode.FULL,
                        List.of("shop"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        Map.of("shop.t", 3L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows is only for a logical backup");
        assertThat(JSON.writeValueAsString(new NodeManifest.File("shop", "t", "f", "k", 1, "sha256:00", false)))
                .doesNotContain("rows");
    }
}

package io.ringvault.coordinator.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.StoredBackups;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncrementalBasesTest {
    private static final NodeRef A = new NodeRef("host-a", "10.0.0.1", "dc1", "r1");
    private static final NodeRef B = new NodeRef("host-b", "10.0.0.2", "dc1", "r1");
    private static final Instant T0 = Instant.parse("2026-03-14T02:00:00Z");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ObjectLayout layout = new ObjectLayout("", "c1");
    private final StoredBackups backups = new StoredBackups(store, layout);
    private final IncrementalBases bases =
            new IncrementalBases(new BackupCatalog(store, layout, new CloudEventCodec().mapper()));

    private static BackupRequested incremental(List<String> keyspaces, String buildsOn) {
        return new BackupRequested(keyspaces, null, null, BackupMode.INCREMENTAL, "it", null, null, null, buildsOn);
    }

    @Test
    void shouldBuildOnTheNewestBackupOfTheSameScopeAndSnapshotTheNodesItLacks() {
        backups.store("old", T0, Map.of("host-a", Map.of("nb-1-big-Data.db", 10L)), null);
        backups.store("new", T0.plusSeconds(3600), Map.of("host-a", Map.of("nb-2-big-Data.db", 10L)), null);

        IncrementalBases.Base base =
                bases.resolve(incremental(List.of("ks"), null), new BackupScope(List.of(A, B), null));

        assertThat(base.backupId()).isEqualTo("new");
        assertThat(base.snapshotNodes()).containsExactly("host-b");
    }

    @Test
    void shouldRefuseWhenNoBackupOfTheSameKeyspacesExists() {
        backups.store("other", T0, Map.of("host-a", Map.of("nb-1-big-Data.db", 10L)), null);

        assertThatThrownBy(() -> bases.resolve(incremental(List.of("shop"), null), new BackupScope(List.of(A), null)))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.NO_BASE_BACKUP);
                    assertThat(e.getMessage()).contains("[shop]", "take a snapshot backup");
                });
    }

    @Test
    void shouldRefuseANamedBaseThatIsMissingOrOfAnotherScope() {
        backups.store("b1", T0, Map.of("host-a", Map.of("nb-1-big-Data.db", 10L)), null);

        assertThatThrownBy(() -> bases.resolve(incremental(List.of("ks"), "nope"), new BackupScope(List.of(A), null)))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.NO_BASE_BACKUP);
                    assertThat(e.getMessage()).contains("'nope'", "not a complete backup");
                });
        NodeRef other = new NodeRef("host-c", "10.0.1.1", "dc2", "r1");
        assertThatThrownBy(
                        () -> bases.resolve(incremental(List.of("ks"), "b1"), new BackupScope(List.of(A, other), null)))
                .isInstanceOfSatisfying(
                        RequestRejectedException.class,
                        e -> assertThat(e.getMessage()).contains("covers datacenters [dc1], not [dc1, dc2]"));
    }
}

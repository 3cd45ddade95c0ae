package io.ringvault.coordinator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.StoredBackups;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An incremental backup's manifests: the chain, and node manifests that list the files of the backups before it. */
class BackupCatalogIncrementalTest {
    private static final Instant T0 = Instant.parse("2026-03-14T02:00:00Z");
    private static final NodeRef A = new NodeRef("host-a", "10.0.0.1", "dc1", "r1");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ObjectLayout layout = new ObjectLayout("", "c1");
    private final StoredBackups backups = new StoredBackups(store, layout);
    private final BackupCatalog catalog = new BackupCatalog(store, layout, new CloudEventCodec().mapper());

    private static BackupRequested incremental(String buildsOn) {
        return new BackupRequested(List.of("ks"), null, null, BackupMode.INCREMENTAL, "it", null, null, null, buildsOn);
    }

    private NodeManifest flushed(String backupId, String... names) {
        String directory = layout.tableFiles(A.hostId(), "ks", "t-1");
        return new NodeManifest(
                backupId,
                A,
                "5.0.9",
                List.of("1"),
                Map.of(),
                java.util.Arrays.stream(names)
                        .map(name -> new NodeManifest.File("ks", "t", name, directory + name, 5, "sha256:00", false))
                        .toList(),
                T0);
    }

    @Test
    void shouldListTheFilesOfEveryBackupOfTheChainAndNameIt() {
        backups.store("snap", T0, Map.of("host-a", Map.of("nb-1-big-Data.db", 10L)), null);

        catalog.publish(
                "inc1", incremental("snap"), T0, T0.plusSeconds(5), List.of(flushed("inc1", "nb-2-big-Data.db")));
        BackupManifest second = catalog.publish(
                "inc2", incremental("inc1"), T0, T0.plusSeconds(9), List.of(flushed("inc2", "nb-3-big-Data.db")));

        assertThat(second.buildsOn()).isEqualTo("inc1");
        assertThat(second.chain()).containsExactly("snap", "inc1");
        NodeManifest node =
                catalog.nodeManifest(second.nodes().get(0).manifestKey()).orElseThrow();
        assertThat(node.files())
                .extracting(NodeManifest.File::fileName, NodeManifest.File::reused)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nb-1-big-Data.db", true),
                        org.assertj.core.groups.Tuple.tuple("schema.cql", true),
                        org.assertj.core.groups.Tuple.tuple("nb-2-big-Data.db", true),
                        org.assertj.core.groups.Tuple.tuple("nb-3-big-Data.db", false));
        assertThat(catalog.index().backups().get(0).buildsOn()).isEqualTo("inc1");
    }

    @Test
    void shouldRefuseToPublishWhenTheBackupItBuildsOnIsGone() {
        assertThatThrownBy(() -> catalog.publish(
                        "inc1", incremental("gone"), T0, T0, List.of(flushed("inc1", "nb-2-big-Data.db"))))
                .hasMessageContaining("'gone'", "gone from");
        assertThat(catalog.manifest("inc1")).isEmpty();
    }
}

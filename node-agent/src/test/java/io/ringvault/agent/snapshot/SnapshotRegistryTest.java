package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agent.snapshot.SnapshotRecord.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRegistryTest {
    @TempDir
    Path work;

    @Test
    void shouldKeepSnapshotsAcrossRestarts() {
        SnapshotRegistry registry = new SnapshotRegistry(work);
        Instant now = Instant.parse("2026-03-14T02:00:00Z");
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), Status.TAKEN, now));
        registry.put(new SnapshotRecord("b2", List.of(), Map.of("audit", Set.of("log")), Status.TAKING, now));
        registry.put(new SnapshotRecord("b3", List.of("x"), Map.of(), Status.TAKEN, now));
        registry.remove("b3");

        SnapshotRegistry reopened = new SnapshotRegistry(work);

        assertThat(reopened.all()).containsExactlyElementsOf(registry.all());
        assertThat(reopened.all()).extracting(SnapshotRecord::backupId).containsExactly("b1", "b2");
        assertThat(reopened.isTaken("b1")).isTrue();
        assertThat(reopened.isTaken("b2")).isFalse();
        assertThat(reopened.get("b2").orElseThrow().scope().includes("audit", "log"))
                .isTrue();
    }

    @Test
    void shouldRefuseToStartOnAnUnreadableStateFile() throws Exception {
        Files.writeString(work.resolve("snapshots.json"), "{ not json");

        assertThatThrownBy(() -> new SnapshotRegistry(work))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(work.resolve("snapshots.json").toString());
    }
}

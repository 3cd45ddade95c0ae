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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileAccessTest {
    private static final String TABLE_DIRECTORY = "orders-0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    private Path data;
    private Path snapshot;
    private SnapshotRegistry registry;
    private SnapshotFileAccess access;

    @BeforeEach
    void layout() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        snapshot = Files.createDirectories(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/b1"));
        Files.writeString(snapshot.resolve("nb-1-big-Data.db"), "data");
        Files.createDirectories(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/other"));
        Files.writeString(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/other/nb-1-big-Data.db"), "other");
        registry = new SnapshotRegistry(root.resolve("work"));
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), Status.TAKEN, Instant.now()));
        registry.put(new SnapshotRecord("b2", List.of(), Map.of("shop", Set.of("items")), Status.TAKEN, Instant.now()));
        access = new SnapshotFileAccess(List.of(data), registry);
    }

    @Test
    void shouldResolveAFileOfATakenSnapshot() throws Exception {
        assertThat(access.resolve("b1", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db"))
                .isEqualTo(snapshot.resolve("nb-1-big-Data.db").toRealPath());
    }

    @Test
    void shouldNotServeSnapshotsItDidNotTakeOrFinish() {
        assertNotFound("other", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "unknown-snapshot");
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), Status.TAKING, Instant.now()));
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "unknown-snapshot");
    }

    @Test
    void shouldNotServeTablesOutsideTheSnapshotScope() {
        assertNotFound("b2", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "not-in-snapshot");
    }

    @Test
    void shouldRefuseNamesThatAreNotCassandraNames() {
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "..", "invalid-path");
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "../other/nb-1-big-Data.db", "invalid-path");
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "/etc/passwd", "invalid-path");
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "a..b", "invalid-path");
        assertNotFound("b1", "0", "..", TABLE_DIRECTORY, "nb-1-big-Data.db", "invalid-path");
        assertNotFound("b1", "0", "shop", "..", "nb-1-big-Data.db", "invalid-path");
        assertNotFound("..", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "invalid-path");
        assertNotFound("b1", "1", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "unknown-data-directory");
        assertNotFound("b1", "-1", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "unknown-data-directory");
        assertNotFound("b1", "x", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "unknown-data-directory");
        assertNotFound("b1", "0", "shop", TABLE_DIRECTORY, "nb-2-big-Data.db", "file-not-found");
    }

    @Test
    void shouldRefuseSymbolicLinks() throws Exception {
        Path secret = Files.writeString(root.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(snapshot.resolve("nb-9-big-Data.db"), secret);
        assertForbidden("b1", "nb-9-big-Data.db");

        // A link to a file inside the same snapshot is not Cassandra's either.
        Files.createSymbolicLink(snapshot.resolve("nb-8-big-Data.db"), snapshot.resolve("nb-1-big-Data.db"));
        assertForbidden("b1", "nb-8-big-Data.db");

        // The snapshot directory itself swapped for a link to elsewhere.
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("nb-1-big-Data.db"), "elsewhere");
        registry.put(new SnapshotRecord("b3", List.of("shop"), Map.of(), Status.TAKEN, Instant.now()));
        Files.createSymbolicLink(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/b3"), elsewhere);
        assertForbidden("b3", "nb-1-big-Data.db");
    }

    @Test
    void shouldAcceptADataDirectoryThatIsItselfALink() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("data-link"), data);
        SnapshotFileAccess throughLink = new SnapshotFileAccess(List.of(link), registry);

        assertThat(throughLink.resolve("b1", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db"))
                .isEqualTo(snapshot.resolve("nb-1-big-Data.db").toRealPath());
    }

    @Test
    void shouldServeALogicalBackupsFilesFromItsExportDirectoryAndNothingElse() throws Exception {
        Path logicalRoot = Files.createDirectories(root.resolve("work/logical"));
        Path table = Files.createDirectories(logicalRoot.resolve("lb/shop/" + TABLE_DIRECTORY));
        Files.writeString(table.resolve("00000-0001.rvlg"), "rows");
        // A Cassandra snapshot directory of the same name is not the logical backup's.
        Files.createDirectories(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/lb"));
        Files.writeString(data.resolve("shop/" + TABLE_DIRECTORY + "/snapshots/lb/nb-1-big-Data.db"), "sstable");
        registry.put(new SnapshotRecord(
                "lb", List.of("shop"), Map.of(), Status.TAKEN, Instant.now(), false, Instant.now(), true));
        access = new SnapshotFileAccess(List.of(data), registry, logicalRoot);

        assertThat(access.resolve("lb", "0", "shop", TABLE_DIRECTORY, "00000-0001.rvlg"))
                .isEqualTo(table.resolve("00000-0001.rvlg").toRealPath());
        assertNotFound("lb", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db", "file-not-found");
        assertNotFound("lb", "0", "shop", TABLE_DIRECTORY, "../00000-0001.rvlg", "invalid-path");
        // The snapshot b1 is served from the data directory as before.
        assertThat(access.resolve("b1", "0", "shop", TABLE_DIRECTORY, "nb-1-big-Data.db"))
                .isEqualTo(snapshot.resolve("nb-1-big-Data.db").toRealPath());

        Path secret = Files.writeString(root.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(table.resolve("00000-0002.rvlg"), secret);
        assertForbidden("lb", "00000-0002.rvlg");

        // Without an export directory, the agent serves no logical backup.
        access = new SnapshotFileAccess(List.of(data), registry);
        assertNotFound("lb", "0", "shop", TABLE_DIRECTORY, "00000-0001.rvlg", "file-not-found");
    }

    private void assertNotFound(
            String backupId, String dataDirectory, String keyspace, String table, String file, String reason) {
        assertThatThrownBy(() -> access.resolve(backupId, dataDirectory, keyspace, table, file))
                .as("%s %s %s %s %s", backupId, dataDirectory, keyspace, table, file)
                .isInstanceOfSatisfying(FileAccessException.class, e -> {
                    assertThat(e.forbidden()).isFalse();
                    assertThat(e.reason().code()).isEqualTo(reason);
                });
    }

    private void assertForbidden(String backupId, String file) {
        assertThatThrownBy(() -> access.resolve(backupId, "0", "shop", TABLE_DIRECTORY, file))
                .isInstanceOfSatisfying(FileAccessException.class, e -> {
                    assertThat(e.forbidden()).isTrue();
                    assertThat(e.reason().code()).isEqualTo("outside-snapshot");
                });
    }
}

package io.ringvault.coordinator.fakes;

import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.SnapshotTaken;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Real message records with test values, to build operations by folding events as the coordinator does. */
public final class TestMessages {
    public static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    public static final NodeRef NODE_A = new NodeRef("host-a", "127.0.0.1", "dc1", "r1");
    public static final NodeRef NODE_B = new NodeRef("host-b", "127.0.0.2", "dc2", "r1");

    private TestMessages() {}

    public static OperationAccepted backupAccepted(BackupRequested request, NodeRef... nodes) {
        return new OperationAccepted(
                OperationKind.BACKUP,
                "io.ringvault.backup.requested",
                "/cli",
                "rest",
                request.requestedBy(),
                request,
                null,
                List.of(nodes));
    }

    public static OperationAccepted restoreAccepted(RestoreRequested request, NodeRef... nodes) {
        return new OperationAccepted(
                OperationKind.RESTORE,
                "io.ringvault.restore.requested",
                "/cli",
                "rest",
                request.requestedBy(),
                null,
                request,
                List.of(nodes));
    }

    public static SnapshotTaken snapshotTaken(NodeRef node, long files, long bytes) {
        return new SnapshotTaken(node, files, bytes, "5.0.9", List.of("-42"), Map.of("ks", "CREATE KEYSPACE ks ..."));
    }

    public static FileStored fileStored(NodeRef node, String fileName, long size) {
        return new FileStored(
                node,
                "ks",
                "t1",
                fileName,
                "nodes/" + node.hostId() + "/ks/t1/" + fileName,
                size,
                "sha256:" + fileName,
                false);
    }
}

package io.ringvault.coordinator.request;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.request.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.StartCopy;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.OperationLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A copy request: checked against the coordinator's copy targets and the backups it knows, then handed on. */
class CopyRequestTest {
    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final BackupCatalog catalog = new BackupCatalog(
            new InMemoryObjectStore(), new ObjectLayout("", "test-cluster"), new CloudEventCodec().mapper());
    final FakeClusterTopology cluster =
            new FakeClusterTopology().keyspace("ks", "t1", "t2").up(NODE_A, NODE_B);
    final OperationDriver driver = new OperationDriver(log, events, clock, Duration.ofMinutes(10), catalog);

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    RequestService service(Set<String> targets) {
        return new RequestService(
                new RequestValidator(cluster, log, catalog, targets), events, log, driver, catalog, "test-cluster");
    }

    static Envelope<Request> request(String id, Request data) {
        return new Envelope<>(id, "/cli/alice", null, T0, null, data);
    }

    void completedBackup(String id) {
        events.append(
                id, backupAccepted(new BackupRequested(List.of("ks"), null, null, null, "alice"), NODE_A, NODE_B));
        events.append(id, new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
    }

    @Test
    void shouldHandACopyToAKnownTargetToTheRestorersAsAnOperationOfItsOwnKind() {
        completedBackup("backup-1");
        CopyRequested copy = new CopyRequested("backup-1", "gcs-eu", "bob");

        service(Set.of("gcs-eu", "azure-we")).submit(request("copy-1", copy), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.backup.copy.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.kind()).isEqualTo(OperationKind.COPY);
        assertThat(accepted.copy()).isEqualTo(copy);
        assertThat(accepted.requestedBy()).isEqualTo("bob");
        assertThat(accepted.nodes()).as("a copy runs on no node").isEmpty();
        assertThat(events.published(StartCopy.class)).containsExactly(new StartCopy(copy, "test-cluster"));
        assertThat(log.view("copy-1").orElseThrow().kind()).isEqualTo(OperationKind.COPY);
    }

    @Test
    void shouldRefuseAnUnknownTargetNamingTheKnownOnes() {
        completedBackup("backup-1");

        assertRefused(
                () -> service(Set.of("gcs-eu", "azure-we"))
                        .submit(request("copy-1", new CopyRequested("backup-1", "s3-us", null)), "rest"),
                "unknown-target",
                400,
                "'s3-us'",
                "azure-we, gcs-eu");
        assertRefused(
                () -> service(Set.of()).submit(request("copy-2", new CopyRequested("backup-1", "s3-us", null)), "rest"),
                "unknown-target",
                400,
                "none is configured");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldRefuseACopyOfAnUnknownOrIncompleteBackup() {
        events.append(
                "backup-2", backupAccepted(new BackupRequested(List.of("ks"), null, null, null, "a"), NODE_A, NODE_B));

        assertRefused(
                () -> service(Set.of("gcs-eu"))
                        .submit(request("copy-1", new CopyRequested("no-such-backup", "gcs-eu", null)), "rest"),
                "unknown-backup",
                400,
                "no-such-backup");
        assertRefused(
                () -> service(Set.of("gcs-eu"))
                        .submit(request("copy-2", new CopyRequested("backup-2", "gcs-eu", null)), "rest"),
                "backup-not-complete",
                400,
                "backup-2",
                "nothing to copy");
    }

    @Test
    void shouldRefuseADeleteOfABackupARunningCopyReads() {
        completedBackup("backup-1");
        RequestService service = service(Set.of("gcs-eu"));
        service.submit(request("copy-1", new CopyRequested("backup-1", "gcs-eu", null)), "rest");

        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest"),
                "backup-in-use",
                409,
                "copy-1");
    }
}

package io.ringvault.coordinator.request;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.restoreAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.snapshotTaken;
import static io.ringvault.coordinator.request.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.CancelRequested;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.common.message.StartRestore;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.schedule.ScheduleLog;
import io.ringvault.coordinator.schedule.ScheduleService;
import io.ringvault.coordinator.schedule.ScheduleValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestServiceTest {
    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final BackupCatalog catalog =
            new BackupCatalog(store, new ObjectLayout("", "test-cluster"), new CloudEventCodec().mapper());
    final FakeClusterTopology cluster =
            new FakeClusterTopology().keyspace("ks", "t1", "t2").up(NODE_A, NODE_B);
    final OperationDriver driver = new OperationDriver(log, events, clock, Duration.ofMinutes(10), catalog);
    final RequestService service = new RequestService(
            new RequestValidator(cluster, log, catalog), events, log, driver, catalog, "test-cluster");

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    static Envelope<Request> request(String id, Request data) {
        return new Envelope<>(id, "/cli/alice", null, T0, null, data);
    }

    static BackupRequested backupOfKs() {
        return new BackupRequested(List.of("ks"), null, null, null, "alice");
    }

    @Test
    void shouldAcceptABackupOnceAndSendTheSnapshotCommandToItsNodes() {
        RequestService.Outcome first = service.submit(request("nightly-1", backupOfKs()), "rest");
        RequestService.Outcome again = service.submit(request("nightly-1", backupOfKs()), "kafka");

        assertThat(first).isEqualTo(new RequestService.Outcome("nightly-1", false));
        assertThat(again).isEqualTo(new RequestService.Outcome("nightly-1", true));
        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.node.snapshot.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.channel()).isEqualTo("rest");
        assertThat(accepted.nodes()).containsExactly(NODE_A, NODE_B);
        assertThat(events.published(TakeSnapshot.class).get(0).nodes()).containsExactly(NODE_A, NODE_B);
        assertThat(log.views()).hasSize(1);
    }

    @Test
    void shouldAnswerACopyThatArrivesBeforeTheFirstIsFoldedWithTheSameOperation() {
        events.stopFolding();

        service.submit(request("nightly-1", backupOfKs()), "rest");
        RequestService.Outcome again = service.submit(request("nightly-1", backupOfKs()), "kafka");

        assertThat(again.duplicate()).isTrue();
        assertThat(events.published(OperationAccepted.class)).hasSize(1);
    }

    @Test
    void shouldCarryARepairToTheRestorerAndIntoTheAuditTrail() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("backup-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        RestoreRequested restore =
                new RestoreRequested("backup-1", List.of("ks"), null, null, "bob", null, null, null, null, null, true);

        service.submit(request("restore-repair", restore), "rest");

        assertThat(events.published(OperationAccepted.class).get(0).restore().repairAfter())
                .isTrue();
        assertThat(events.published(StartRestore.class))
                .singleElement()
                .satisfies(
                        command -> assertThat(command.request().repairAfter()).isTrue());
    }

    @Test
    void shouldHandARestoreToTheRestorersReadingFromTheOwnClusterByDefault() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("backup-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        RestoreRequested restore = new RestoreRequested("backup-1", null, null, "bob");

        service.submit(request("restore-1", restore), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.restore.command");
        assertThat(events.published(StartRestore.class)).containsExactly(new StartRestore(restore, "test-cluster"));
        assertThat(log.view("restore-1").orElseThrow().kind()).isEqualTo(OperationKind.RESTORE);
    }

    @Test
    void shouldAcceptAPartialBackupOfTheNodesThatAreUpAndRecordWhatItLacks() {
        NodeRef down = new NodeRef("host-c", "127.0.0.3", "dc2", "r1");
        cluster.down(down).ring("ks", List.of("10", "20"), List.of(Set.of("host-c"), Set.of("host-a", "host-c")));
        BackupRequested partial = new BackupRequested(List.of("ks"), null, null, null, "alice", true);

        service.submit(request("nightly-1", partial), "kafka");

        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.nodes()).containsExactly(NODE_A, NODE_B);
        assertThat(accepted.partial().missingNodes()).containsExactly(down);
        assertThat(accepted.partial().uncoveredRanges())
                .containsExactly(
                        new PartialBackup.KeyspaceRanges("ks", 1, List.of(new PartialBackup.TokenRange("20", "10"))));
        assertThat(events.published(TakeSnapshot.class).get(0).nodes())
                .as("the node that is down gets no snapshot command")
                .containsExactly(NODE_A, NODE_B);
        assertThat(log.view("nightly-1").orElseThrow().partial()).isEqualTo(accepted.partial());
    }

    @Test
    void shouldHandARestoreOfSomeDatacentersToTheRestorersWithTheBackedUpNodesOfThoseOnly() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("backup-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        RestoreRequested restore =
                new RestoreRequested("backup-1", null, null, List.of("dc2"), "bob", null, null, null, null);

        service.submit(request("restore-1", restore), "rest");

        assertThat(events.published(OperationAccepted.class).get(0).nodes()).containsExactly(NODE_B);
        assertThat(events.published(StartRestore.class).get(0).request().datacenters())
                .containsExactly("dc2");
    }

    @Test
    void shouldRefuseAnIdThatCannotBeAnOperationId() {
        assertRefused(
                () -> service.submit(request("nightly 1/2", backupOfKs()), "kafka"),
                "invalid-id",
                400,
                "request id 'nightly 1/2' cannot be an operation id");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldWriteNothingForARequestTheValidatorRefuses() {
        assertRefused(
                () -> service.submit(
                        request("nightly-1", new BackupRequested(List.of("shop"), null, null, null, "alice")), "rest"),
                "unknown-keyspace",
                400,
                "keyspace 'shop'");
        assertThat(events.published()).isEmpty();
        assertThat(log.contains("nightly-1")).isFalse();
    }

    @Test
    void shouldRefuseToCancelAnOperationThatDoesNotExist() {
        assertRefused(
                () -> service.submit(request("cancel-1", new CancelRequested("nightly-9", "bob")), "rest"),
                "unknown-operation",
                404,
                "operation 'nightly-9' does not exist");
    }

    @Test
    void shouldRefuseToCancelAnOperationThatIsOver() {
        events.append("nightly-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("nightly-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));

        assertRefused(
                () -> service.submit(request("cancel-1", new CancelRequested("nightly-1", "bob")), "rest"),
                "operation-over",
                409,
                "operation 'nightly-1' is already completed");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldCancelABackupAtOnceAndClearItsSnapshots() {
        events.append("nightly-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("nightly-1", snapshotTaken(NODE_A, 3, 30));

        service.submit(request("cancel-1", new CancelRequested("nightly-1", null)), "rest");

        assertThat(events.published())
                .containsExactly(
                        new CancelOperation("cancelled by /cli/alice"),
                        new ClearSnapshot("nightly-1", List.of(NODE_A, NODE_B)),
                        new OperationCancelled(null, "/cli/alice"));
        assertThat(log.view("nightly-1").orElseThrow().state()).isEqualTo(OperationStatus.CANCELLED);
    }

    @Test
    void shouldCancelARestoreOnlyOnceTheRestorerStoppedAndNameWhoAsked() {
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append("restore-1", restoreAccepted(new RestoreRequested("backup-1", null, null, "bob"), NODE_A));

        service.submit(request("cancel-1", new CancelRequested("restore-1", "carol")), "rest");
        assertThat(events.published()).containsExactly(new CancelOperation("cancelled by carol"));

        events.append("restore-1", new RestoreFinished(RestoreFinished.Outcome.CANCELLED, List.of(), null, null));
        driver.close();
        assertThat(events.published(OperationCancelled.class))
                .containsExactly(new OperationCancelled("carol", "/cli/alice", List.of()));
    }

    @Test
    void shouldHandAVerifyToTheRestorersAsAnOperationOfItsOwnKind() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("backup-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        VerifyRequested verify = new VerifyRequested("backup-1", true, "bob");

        service.submit(request("verify-1", verify), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.backup.verify.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.kind()).isEqualTo(OperationKind.VERIFY);
        assertThat(accepted.verify()).isEqualTo(verify);
        assertThat(accepted.nodes()).as("a verify runs on no node").isEmpty();
        assertThat(events.published(StartVerify.class)).containsExactly(new StartVerify(verify, "test-cluster"));
        assertThat(log.view("verify-1").orElseThrow().kind()).isEqualTo(OperationKind.VERIFY);
    }

    @Test
    void shouldRefuseAVerifyOfAnUnknownBackupNamingIt() {
        assertRefused(
                () -> service.submit(request("verify-1", new VerifyRequested("no-such-backup", null, "bob")), "rest"),
                "unknown-backup",
                400,
                "no-such-backup");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldRefuseAVerifyOfABackupThatDidNotComplete() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));

        assertRefused(
                () -> service.submit(request("verify-1", new VerifyRequested("backup-1", null, null)), "rest"),
                "backup-not-complete",
                400,
                "backup-1");
    }

    @Test
    void shouldCancelAVerifyWithoutClearingAnySnapshot() {
        events.append("backup-1", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append("backup-1", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        service.submit(request("verify-1", new VerifyRequested("backup-1", null, null)), "rest");

        service.submit(request("cancel-1", new CancelRequested("verify-1", "carol")), "rest");

        assertThat(events.publishedTypes())
                .containsExactly(
                        "io.ringvault.operation.accepted",
                        "io.ringvault.backup.verify.command",
                        "io.ringvault.operation.cancel.command",
                        "io.ringvault.operation.cancelled");
        assertThat(log.view("verify-1").orElseThrow().state()).isEqualTo(OperationStatus.CANCELLED);
    }

    /** A backup-1 the event log knows as completed, listed in the bucket's index as the coordinator leaves it. */
    void completedBackup(String id) {
        events.append(id, backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append(id, new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        catalog.publish(id, backupOfKs(), T0, T0, List.of());
    }

    @Test
    void shouldTakeADeletedBackupOffTheIndexFirstAndHandTheRestToTheRestorers() {
        completedBackup("backup-1");
        completedBackup("backup-2");
        DeleteRequested delete = new DeleteRequested("backup-1", "bob");

        service.submit(request("delete-1", delete), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.backup.delete.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.kind()).isEqualTo(OperationKind.DELETE);
        assertThat(accepted.delete()).isEqualTo(delete);
        assertThat(accepted.nodes()).as("a delete runs on no node").isEmpty();
        assertThat(events.published(StartDelete.class)).containsExactly(new StartDelete(delete, "test-cluster"));
        assertThat(catalog.index().backups())
                .extracting(entry -> entry.backupId())
                .containsExactly("backup-2");
    }

    @Test
    void shouldFailADeleteWhoseIndexCannotBeRewrittenAndDeleteNothing() {
        completedBackup("backup-1");
        completedBackup("backup-2");
        int objectsBefore = store.objects().size();
        store.refuseWrites("the bucket is read-only");

        service.submit(request("delete-1", new DeleteRequested("backup-1", "bob")), "rest");

        assertThat(events.publishedTypes())
                .as("no command reaches a restorer")
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.operation.failed");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(failed.detail()).contains("backup-1", "the bucket is read-only", "nothing was deleted");
        assertThat(store.objects()).hasSize(objectsBefore);
        assertThat(catalog.index().backups())
                .extracting(entry -> entry.backupId())
                .containsExactly("backup-1", "backup-2");
    }

    @Test
    void shouldRefuseADeleteOfAnUnknownBackupNamingIt() {
        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("no-such-backup", "bob")), "rest"),
                "unknown-backup",
                400,
                "no-such-backup");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldRefuseADeleteWhileABackupRuns() {
        completedBackup("backup-1");
        events.append("backup-2", backupAccepted(backupOfKs(), NODE_A, NODE_B));

        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest"),
                "backup-in-progress",
                409,
                "backup-2");
        assertThat(events.published()).isEmpty();
        assertThat(catalog.index().backups()).hasSize(1);
    }

    @Test
    void shouldRefuseADeleteOfABackupARunningRestoreReadsNamingTheRestore() {
        completedBackup("backup-1");
        events.append("restore-1", restoreAccepted(new RestoreRequested("backup-1", null, null, "bob"), NODE_A));

        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest"),
                "backup-in-use",
                409,
                "restore-1");
        assertThat(catalog.index().backups()).hasSize(1);
    }

    @Test
    void shouldRefuseADeleteOfABackupARunningVerifyReads() {
        completedBackup("backup-1");
        service.submit(request("verify-1", new VerifyRequested("backup-1", null, null)), "rest");

        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest"),
                "backup-in-use",
                409,
                "verify-1");
    }

    @Test
    void shouldRefuseABackupWhileADeleteRuns() {
        completedBackup("backup-1");
        service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest");

        assertRefused(
                () -> service.submit(request("nightly-2", backupOfKs()), "rest"),
                "backup-in-progress",
                409,
                "delete-1");
    }

    @Test
    void shouldRefuseARestoreVerifyOrDeleteOfADeletedBackupAndListItNoMore() {
        completedBackup("backup-1");
        service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest");
        events.append("delete-1", new DeleteFinished(DeleteFinished.Outcome.COMPLETED, 3, 1, 300, 3, null, null));
        events.append("delete-1", new OperationCompleted(OperationKind.DELETE, 0, 3, 300, 0));

        assertThat(log.backups()).isEmpty();
        assertThat(log.backup("backup-1")).isEmpty();
        assertRefused(
                () -> service.submit(request("restore-1", new RestoreRequested("backup-1", null, null, "bob")), "rest"),
                "backup-deleted",
                400,
                "delete-1");
        assertRefused(
                () -> service.submit(request("verify-1", new VerifyRequested("backup-1", null, null)), "rest"),
                "backup-deleted",
                400,
                "was deleted");
        assertRefused(
                () -> service.submit(request("delete-2", new DeleteRequested("backup-1", null)), "rest"),
                "backup-deleted",
                400,
                "backup-1");
    }

    @Test
    void shouldAcceptTheDeleteAgainAfterOneStoppedHalfWayWithOnlyNodeManifestsLeft() {
        // A delete that failed after the backup manifest went: no index entry, no backup manifest, and no event log.
        catalog.publish(
                "backup-1",
                backupOfKs(),
                T0,
                T0,
                List.of(new io.ringvault.common.backup.NodeManifest(
                        "backup-1", NODE_A, "5.0", List.of("1"), java.util.Map.of(), List.of(), T0)));
        catalog.unlist("backup-1");
        store.delete(catalog.layout().backupManifest("backup-1"));

        service.submit(request("delete-2", new DeleteRequested("backup-1", null)), "rest");

        assertThat(events.published(StartDelete.class)).hasSize(1);
    }

    @Test
    void shouldHandAGcToTheRestorersWithItsCutoffFixedAtAcceptance() {
        GcRequested gc = new GcRequested("bob", "PT2H", null);
        Instant before = Instant.now();

        RequestService.Outcome outcome = service.submit(request("gc-1", gc), "rest");

        assertThat(outcome).isEqualTo(new RequestService.Outcome("gc-1", false));
        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.backup.gc.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.kind()).isEqualTo(OperationKind.GC);
        assertThat(accepted.gc()).isEqualTo(gc);
        assertThat(accepted.nodes()).as("a gc runs on no node").isEmpty();
        StartGc command = events.published(StartGc.class).get(0);
        assertThat(command.request()).isEqualTo(gc);
        assertThat(command.sourceCluster()).isEqualTo("test-cluster");
        assertThat(command.dryRun()).isFalse();
        assertThat(command.cutoff())
                .isBetween(before.minus(Duration.ofHours(2)), Instant.now().minus(Duration.ofHours(2)));
    }

    @Test
    void shouldTakeTheConfiguredGracePeriodWhenTheRequestSetsNoneAndCarryADryRun() {
        RequestService sixHours = new RequestService(
                new RequestValidator(cluster, log, catalog),
                events,
                log,
                driver,
                catalog,
                "test-cluster",
                Duration.ofHours(6));
        Instant before = Instant.now();

        sixHours.submit(request("gc-1", new GcRequested(null, null, true)), "kafka");

        StartGc command = events.published(StartGc.class).get(0);
        assertThat(command.dryRun()).isTrue();
        assertThat(command.cutoff())
                .isBetween(before.minus(Duration.ofHours(6)), Instant.now().minus(Duration.ofHours(6)));
    }

    @Test
    void shouldAcceptAZeroGracePeriod() {
        Instant before = Instant.now();

        service.submit(request("gc-1", new GcRequested(null, "PT0S", null)), "rest");

        assertThat(events.published(StartGc.class).get(0).cutoff()).isBetween(before, Instant.now());
    }

    @Test
    void shouldRefuseANegativeOrUnparsableGracePeriodNamingIt() {
        assertRefused(
                () -> service.submit(request("gc-1", new GcRequested(null, "-PT1H", null)), "rest"),
                "invalid-grace-period",
                400,
                "-PT1H",
                "negative");
        assertRefused(
                () -> service.submit(request("gc-2", new GcRequested(null, "6 hours", null)), "rest"),
                "invalid-grace-period",
                400,
                "6 hours");
        assertRefused(
                () -> service.submit(request("gc-3", new GcRequested(null, "PT99999999999999H", null)), "rest"),
                "invalid-grace-period",
                400,
                "PT99999999999999H");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldRefuseAGcWhileABackupRuns() {
        events.append("backup-2", backupAccepted(backupOfKs(), NODE_A, NODE_B));

        assertRefused(
                () -> service.submit(request("gc-1", new GcRequested(null, "PT0S", null)), "rest"),
                "backup-in-progress",
                409,
                "backup-2");
        assertThat(events.published()).isEmpty();
    }

    @Test
    void shouldRefuseAGcWhileADeleteRuns() {
        completedBackup("backup-1");
        service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest");

        assertRefused(
                () -> service.submit(request("gc-1", new GcRequested(null, null, null)), "rest"),
                "backup-in-progress",
                409,
                "delete-1");
    }

    @Test
    void shouldRefuseASecondGcWhileOneRunsAndAcceptOneOnceItIsOver() {
        service.submit(request("gc-1", new GcRequested(null, null, null)), "rest");

        assertRefused(
                () -> service.submit(request("gc-2", new GcRequested(null, null, null)), "rest"),
                "gc-in-progress",
                409,
                "gc-1");

        events.append(
                "gc-1", new GcFinished(GcFinished.Outcome.COMPLETED, false, 1, 1, 0, 0, 0, List.of(), null, null));
        events.append("gc-1", new OperationCompleted(OperationKind.GC, 0, 0, 0, 0));
        assertThat(service.submit(request("gc-2", new GcRequested(null, null, null)), "rest"))
                .isEqualTo(new RequestService.Outcome("gc-2", false));
    }

    @Test
    void shouldRefuseABackupOrADeleteWhileAGcRuns() {
        completedBackup("backup-1");
        service.submit(request("gc-1", new GcRequested(null, null, null)), "rest");

        assertRefused(() -> service.submit(request("nightly-2", backupOfKs()), "rest"), "gc-in-progress", 409, "gc-1");
        assertRefused(
                () -> service.submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest"),
                "gc-in-progress",
                409,
                "gc-1");
        assertThat(catalog.index().backups()).hasSize(1);
    }

    /** Accepted one right after the other, before the log folded the first: the second is still refused. */
    @Test
    void shouldRefuseAGcAndABackupAcceptedBeforeTheLogFoldedTheOther() {
        events.stopFolding();

        service.submit(request("nightly-2", backupOfKs()), "rest");
        assertRefused(
                () -> service.submit(request("gc-1", new GcRequested(null, "PT0S", null)), "rest"),
                "backup-in-progress",
                409,
                "nightly-2");
    }

    @Test
    void shouldRefuseABackupSubmittedRightAfterAGcTheLogHasNotFoldedYet() {
        events.stopFolding();

        service.submit(request("gc-1", new GcRequested(null, "PT0S", null)), "rest");
        assertRefused(() -> service.submit(request("nightly-2", backupOfKs()), "rest"), "gc-in-progress", 409, "gc-1");
    }

    @Test
    void shouldTakeScheduleRequestsThroughTheSameValidationAndRecordThemOnTheScheduleKey() {
        ScheduleLog schedules = new ScheduleLog();
        log.alsoFold(schedules::apply);
        RequestService withSchedules = new RequestService(
                new RequestValidator(cluster, log, catalog),
                events,
                log,
                driver,
                catalog,
                "test-cluster",
                new ScheduleService(schedules, new ScheduleValidator(cluster), events, clock));
        ScheduleCreateRequested nightly = new ScheduleCreateRequested(
                "nightly", "0 2 * * *", "Europe/Paris", List.of("ks"), null, null, null, null, null, null, null, "ops");

        RequestService.Outcome created = withSchedules.submit(request("create-1", nightly), "kafka");

        assertThat(created).isEqualTo(new RequestService.Outcome("nightly", false));
        assertThat(events.published(ScheduleCreated.class))
                .containsExactly(new ScheduleCreated(nightly, "kafka", "/cli/alice"));
        assertThat(schedules.schedule("nightly")).isPresent();
        assertThat(log.views()).isEmpty();
        assertRefused(
                () -> withSchedules.submit(request("create-2", nightly), "kafka"), "schedule-exists", 409, "nightly");
        assertRefused(
                () -> withSchedules.submit(request("pause-1", new SchedulePauseRequested("weekly", null)), "kafka"),
                "unknown-schedule",
                404,
                "weekly");
        assertRefused(() -> service.submit(request("create-3", nightly), "kafka"), "not-a-request", 400, "schedule");
    }
}

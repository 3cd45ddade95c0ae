package io.ringvault.coordinator.request;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static io.ringvault.coordinator.fakes.TestMessages.restoreAccepted;
import static io.ringvault.coordinator.request.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.StartPurge;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.operation.OperationView;
import io.ringvault.coordinator.retention.RetentionSettings;
import io.ringvault.coordinator.retention.ScheduleRetentions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Purges as the coordinator accepts them: the plan, the index, the command, and every refusal. */
class RequestServicePurgeTest {
    final MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(10)));
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final BackupCatalog catalog =
            new BackupCatalog(store, new ObjectLayout("", "test-cluster"), new CloudEventCodec().mapper());
    final FakeClusterTopology cluster =
            new FakeClusterTopology().keyspace("ks", "t1", "t2").up(NODE_A, NODE_B);
    final OperationDriver driver = new OperationDriver(log, events, clock, Duration.ofMinutes(10), catalog);

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    RequestService service(Retention clusterPolicy) {
        return new RequestService(
                new RequestValidator(cluster, log, catalog),
                events,
                log,
                driver,
                catalog,
                "test-cluster",
                new RetentionSettings(clusterPolicy, ZoneId.of("UTC"), ScheduleRetentions.none(), clock));
    }

    static Envelope<Request> request(String id, Request data) {
        return new Envelope<>(id, "/cli/alice", null, T0, null, data);
    }

    static BackupRequested backupOfKs() {
        return new BackupRequested(List.of("ks"), null, null, null, "alice");
    }

    static Retention keepLast(int n) {
        return new Retention(n, null, null, null, null);
    }

    /** A backup the event log knows as completed {@code day} days after T0, listed in the index. */
    void completedBackup(String id, int day) {
        Instant completedAt = T0.plus(Duration.ofDays(day));
        events.append(id, backupAccepted(backupOfKs(), NODE_A, NODE_B));
        events.append(id, new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));
        catalog.publish(id, backupOfKs(), completedAt, completedAt, List.of());
    }

    void threeBackups() {
        completedBackup("backup-1", 1);
        completedBackup("backup-2", 2);
        completedBackup("backup-3", 3);
    }

    List<String> indexed() {
        return catalog.index().backups().stream()
                .map(BackupIndex.Entry::backupId)
                .toList();
    }

    @Test
    void shouldRecordThePlanTakeTheChosenBackupsOffTheIndexAndHandThemToTheRestorers() {
        threeBackups();
        PurgeRequested purge = new PurgeRequested("bob", null, keepLast(1));

        service(null).submit(request("purge-1", purge), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.backup.purge.command");
        OperationAccepted accepted = events.published(OperationAccepted.class).get(0);
        assertThat(accepted.kind()).isEqualTo(OperationKind.PURGE);
        assertThat(accepted.purge()).isEqualTo(purge);
        assertThat(accepted.requestedBy()).isEqualTo("bob");
        assertThat(accepted.nodes()).as("a purge runs on no node").isEmpty();
        PurgePlan plan = accepted.plan();
        assertThat(plan.policy()).isEqualTo(keepLast(1));
        assertThat(plan.delete())
                .containsExactly(
                        new PurgePlan.Chosen("backup-1", T0.plus(Duration.ofDays(1)), null),
                        new PurgePlan.Chosen("backup-2", T0.plus(Duration.ofDays(2)), null));
        assertThat(plan.keep())
                .containsExactly(
                        new PurgePlan.Kept("backup-3", T0.plus(Duration.ofDays(3)), null, List.of("newest 1")));
        assertThat(events.published(StartPurge.class))
                .containsExactly(new StartPurge(purge, "test-cluster", plan.delete(), false));
        assertThat(indexed()).containsExactly("backup-3");
    }

    @Test
    void shouldLeaveTheIndexAsItIsForADryRun() {
        threeBackups();
        PurgeRequested purge = new PurgeRequested("bob", true, keepLast(1));

        service(null).submit(request("purge-1", purge), "rest");

        StartPurge command = events.published(StartPurge.class).get(0);
        assertThat(command.dryRun()).isTrue();
        assertThat(command.backups()).extracting(PurgePlan.Chosen::backupId).containsExactly("backup-1", "backup-2");
        assertThat(indexed()).containsExactlyInAnyOrder("backup-1", "backup-2", "backup-3");

        // Completed, a dry run removed nothing: the backups stay listed and usable.
        events.append(
                "purge-1",
                new PurgeFinished(PurgeFinished.Outcome.COMPLETED, true, List.of(), 4, 1, 400, 0, null, null));
        events.append("purge-1", new OperationCompleted(OperationKind.PURGE, 0, 0, 0, 0));
        assertThat(log.backups()).hasSize(3);
        assertThat(log.deletion("backup-1")).isEmpty();
    }

    @Test
    void shouldUseTheClusterPolicyWhenTheRequestBringsNone() {
        threeBackups();

        service(keepLast(2)).submit(request("purge-1", new PurgeRequested(null, null, null)), "kafka");

        PurgePlan plan = events.published(OperationAccepted.class).get(0).plan();
        assertThat(plan.policy()).isEqualTo(keepLast(2));
        assertThat(plan.delete()).extracting(PurgePlan.Chosen::backupId).containsExactly("backup-1");
        assertThat(indexed()).containsExactlyInAnyOrder("backup-2", "backup-3");
    }

    @Test
    void shouldCompleteAtOnceWithAnEmptyReportWhenNothingIsToBeDeleted() {
        threeBackups();

        service(null).submit(request("purge-1", new PurgeRequested(null, null, keepLast(5))), "rest");

        assertThat(events.publishedTypes())
                .as("no command reaches a restorer")
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.operation.completed");
        OperationView view = log.view("purge-1").orElseThrow();
        assertThat(view.state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view.purge().finished()).isTrue();
        assertThat(view.purge().backups()).isEmpty();
        assertThat(view.purge().plan().keep()).hasSize(3);
        assertThat(indexed()).hasSize(3);
    }

    @Test
    void shouldRefuseAnInvalidPolicyNamingTheFieldAndChangeNothing() {
        threeBackups();

        assertRefused(
                () -> service(null)
                        .submit(
                                request(
                                        "purge-1",
                                        new PurgeRequested(null, null, new Retention(0, "P1X", null, null, null))),
                                "rest"),
                "invalid-retention",
                400,
                "keepLast 0",
                "maxAge P1X");
        assertRefused(
                () -> service(keepLast(1))
                        .submit(
                                request(
                                        "purge-2",
                                        new PurgeRequested(null, null, new Retention(null, null, null, null, null))),
                                "rest"),
                "invalid-retention",
                400,
                "no rule");
        assertThat(events.published()).isEmpty();
        assertThat(indexed()).hasSize(3);
    }

    @Test
    void shouldRefuseAPurgeNoPolicyAppliesTo() {
        threeBackups();

        assertRefused(
                () -> service(null).submit(request("purge-1", new PurgeRequested(null, null, null)), "rest"),
                "no-retention-policy",
                400,
                "ringvault.coordinator.retention");
        assertThat(events.published()).isEmpty();
        assertThat(indexed()).hasSize(3);
    }

    @Test
    void shouldRefuseAPurgeWhileABackupADeleteOrAnotherPurgeRuns() {
        threeBackups();
        events.append("backup-4", backupAccepted(backupOfKs(), NODE_A, NODE_B));
        assertRefused(
                () -> service(keepLast(1)).submit(request("purge-1", new PurgeRequested(null, null, null)), "rest"),
                "backup-in-progress",
                409,
                "backup-4");
        events.append("backup-4", new OperationCompleted(OperationKind.BACKUP, 2, 0, 0, 0));

        service(keepLast(1)).submit(request("delete-1", new DeleteRequested("backup-1", null)), "rest");
        assertRefused(
                () -> service(keepLast(1)).submit(request("purge-1", new PurgeRequested(null, null, null)), "rest"),
                "backup-in-progress",
                409,
                "delete-1");
        events.append("delete-1", new OperationCompleted(OperationKind.DELETE, 0, 0, 0, 0));

        service(keepLast(1)).submit(request("purge-1", new PurgeRequested(null, true, null)), "rest");
        assertRefused(
                () -> service(keepLast(1)).submit(request("purge-2", new PurgeRequested(null, null, null)), "rest"),
                "backup-in-progress",
                409,
                "purge purge-1");
    }

    @Test
    void shouldRefuseABackupOrADeleteWhileAPurgeRuns() {
        threeBackups();
        service(null).submit(request("purge-1", new PurgeRequested(null, null, keepLast(2))), "rest");

        assertRefused(
                () -> service(null).submit(request("nightly-4", backupOfKs()), "rest"),
                "backup-in-progress",
                409,
                "purge purge-1");
        assertRefused(
                () -> service(null).submit(request("delete-1", new DeleteRequested("backup-3", null)), "rest"),
                "backup-in-progress",
                409,
                "purge purge-1");
    }

    @Test
    void shouldKeepABackupARunningRestoreReadsWithTheRestoreAsReason() {
        threeBackups();
        events.append("restore-1", restoreAccepted(new RestoreRequested("backup-1", null, null, "bob"), NODE_A));

        service(null).submit(request("purge-1", new PurgeRequested(null, null, keepLast(1))), "rest");

        PurgePlan plan = events.published(OperationAccepted.class).get(0).plan();
        assertThat(plan.delete()).extracting(PurgePlan.Chosen::backupId).containsExactly("backup-2");
        assertThat(plan.keep())
                .extracting(PurgePlan.Kept::backupId, PurgePlan.Kept::reasons)
                .containsExactly(
                        tuple("backup-3", List.of("newest 1")),
                        tuple("backup-1", List.of("in use by restore restore-1")));
        assertThat(indexed()).containsExactlyInAnyOrder("backup-1", "backup-3");
    }

    @Test
    void shouldRefuseARestoreOrVerifyOfABackupAPurgeRemovedAndListItNoMore() {
        threeBackups();
        service(null).submit(request("purge-1", new PurgeRequested(null, null, keepLast(1))), "rest");

        assertRefused(
                () -> service(null).submit(request("verify-1", new VerifyRequested("backup-1", null, null)), "rest"),
                "backup-deleted",
                400,
                "is being deleted",
                "purge-1");
        events.append(
                "purge-1",
                new PurgeFinished(PurgeFinished.Outcome.COMPLETED, false, List.of(), 4, 1, 400, 6, null, null));
        events.append("purge-1", new OperationCompleted(OperationKind.PURGE, 0, 4, 400, 0));

        assertThat(log.backups()).extracting(b -> b.id()).containsExactly("backup-3");
        assertRefused(
                () -> service(null)
                        .submit(request("restore-1", new RestoreRequested("backup-2", null, null, "bob")), "rest"),
                "backup-deleted",
                400,
                "was deleted",
                "purge-1");
    }

    @Test
    void shouldFailAPurgeWhoseIndexCannotBeRewrittenAndDeleteNothing() {
        threeBackups();
        int objectsBefore = store.objects().size();
        store.refuseWrites("the bucket is read-only");

        service(null).submit(request("purge-1", new PurgeRequested(null, null, keepLast(1))), "rest");

        assertThat(events.publishedTypes())
                .containsExactly("io.ringvault.operation.accepted", "io.ringvault.operation.failed");
        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(failed.detail()).contains("the bucket is read-only", "nothing was deleted");
        assertThat(store.objects()).hasSize(objectsBefore);
        assertThat(indexed()).hasSize(3);
    }
}

package io.ringvault.coordinator.lifecycle;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static io.ringvault.coordinator.fakes.TestMessages.backupAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.MessageType;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.Retention;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.operation.OperationView;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A purge folded from its events and ended by the driver: its plan and progress in the view, the report's figures, the
 * outcome, and its backups leaving the list once a real purge completed (never for a dry run).
 */
class PurgeDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String PURGE = "purge-1";
    static final Retention KEEP_ONE = new Retention(1, null, null, null, null);
    static final PurgePlan PLAN = new PurgePlan(
            KEEP_ONE,
            "UTC",
            List.of(
                    new PurgePlan.Chosen("backup-1", T0.plusSeconds(60), null),
                    new PurgePlan.Chosen("backup-2", T0.plusSeconds(120), null)),
            List.of(new PurgePlan.Kept("backup-3", T0.plusSeconds(180), null, List.of("newest 1"))));
    static final List<PurgeFinished.Purged> PURGED = List.of(
            new PurgeFinished.Purged("backup-1", T0.plusSeconds(60), 3, 300),
            new PurgeFinished.Purged("backup-2", T0.plusSeconds(120), 2, 200));

    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final FakeEventLog events = new FakeEventLog(log, clock);
    final OperationDriver driver = new OperationDriver(
            log,
            events,
            clock,
            NODE_TIMEOUT,
            new BackupCatalog(
                    new InMemoryObjectStore(), new ObjectLayout("", "test-cluster"), new CloudEventCodec().mapper()));

    @AfterEach
    void stopDriver() {
        driver.close();
    }

    void acceptPurge(boolean dryRun) {
        for (String backup : List.of("backup-1", "backup-2", "backup-3")) {
            events.append(
                    backup, backupAccepted(new BackupRequested(List.of("ks"), null, null, null, "alice"), NODE_A));
            events.append(backup, new OperationCompleted(OperationKind.BACKUP, 1, 0, 0, 0));
        }
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append(
                PURGE,
                OperationAccepted.purge(
                        MessageType.PURGE_REQUESTED.type(),
                        "/ringvault/rest",
                        "rest",
                        new PurgeRequested("alice", dryRun, KEEP_ONE),
                        PLAN));
    }

    OperationView view() {
        return log.view(PURGE).orElseThrow();
    }

    @Test
    void shouldShowThePlanAndTheObjectsDeletedWhileThePurgeRuns() {
        acceptPurge(false);
        events.append(PURGE, new PurgeProgress(false, 2, 2, 5, 200));

        OperationView view = view();
        assertThat(view.kind()).isEqualTo(OperationKind.PURGE);
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("deleting");
        assertThat(view.request()).isEqualTo(new PurgeRequested("alice", false, KEEP_ONE));
        assertThat(view.progress().filesDone()).isEqualTo(2);
        assertThat(view.progress().filesTotal()).isEqualTo(5);
        assertThat(view.progress().bytesDone()).isEqualTo(200);
        assertThat(view.purge()).isEqualTo(new OperationView.PurgeView(false, PLAN, false, List.of(), 2, 5, 0, 200));
        assertThat(log.deletion("backup-1").map(op -> op.id())).contains(PURGE);
        assertThat(log.deletion("backup-3")).isEmpty();
    }

    @Test
    void shouldCompleteAPurgeWithItsFiguresAndListItsBackupsNoMore() {
        acceptPurge(false);
        events.append(PURGE, new PurgeProgress(false, 2, 0, 5, 0));
        events.append(
                PURGE, new PurgeFinished(PurgeFinished.Outcome.COMPLETED, false, PURGED, 5, 3, 500, 6, null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.PURGE, 0, 5, 500, 0));
        assertThat(view().state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view().purge()).isEqualTo(new OperationView.PurgeView(false, PLAN, true, PURGED, 5, 5, 3, 500));
        assertThat(log.backups()).extracting(b -> b.id()).containsExactly("backup-3");
        assertThat(log.backup("backup-1")).isEmpty();
    }

    @Test
    void shouldCompleteADryRunWithWhatItWouldFreeAndKeepEveryBackup() {
        acceptPurge(true);
        events.append(PURGE, new PurgeProgress(true, 2, 0, 5, 0));
        assertThat(view().phase()).isEqualTo("counting");
        events.append(
                PURGE, new PurgeFinished(PurgeFinished.Outcome.COMPLETED, true, PURGED, 5, 3, 500, 0, null, null));
        driver.close();

        assertThat(events.published())
                .as("a dry run freed nothing")
                .containsExactly(new OperationCompleted(OperationKind.PURGE, 0, 0, 0, 0));
        assertThat(view().purge()).isEqualTo(new OperationView.PurgeView(true, PLAN, true, PURGED, 5, 5, 3, 500));
        assertThat(log.backups()).hasSize(3);
        assertThat(log.deletion("backup-1")).isEmpty();
    }

    @Test
    void shouldFailWithTheRestorersReasonAndLeaveEachBackupDeletable() {
        acceptPurge(false);
        events.append(
                PURGE,
                new PurgeFinished(
                        PurgeFinished.Outcome.FAILED,
                        false,
                        List.of(),
                        2,
                        0,
                        200,
                        1,
                        FailureReason.STORAGE_FAILED,
                        "the purge failed deleting objects (access-denied): denied"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(failed.detail()).contains("2 object(s) deleted", "access-denied", "a delete of each");
        assertThat(log.deletion("backup-1"))
                .as("a failed purge does not count as a delete")
                .isEmpty();
    }

    @Test
    void shouldTimeOutAPurgeWhoseRestorerStaysSilent() {
        acceptPurge(false);
        events.append(PURGE, new PurgeProgress(false, 2, 1, 5, 100));
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published(OperationFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(failed.detail()).contains("no restorer reported on the purge");
        });
    }
}

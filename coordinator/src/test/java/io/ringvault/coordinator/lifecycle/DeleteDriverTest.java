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
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
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
 * A delete folded from its events and ended by the driver: its progress in the view, its counts, the outcome, and the
 * backup leaving the list once the delete completed (not before, not after a failed one).
 */
class DeleteDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String DELETE = "delete-1";
    static final String BACKUP = "backup-1";

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

    void acceptDelete() {
        events.append(BACKUP, backupAccepted(new BackupRequested(List.of("ks"), null, null, null, "alice"), NODE_A));
        events.append(BACKUP, new OperationCompleted(OperationKind.BACKUP, 1, 0, 0, 0));
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append(
                DELETE,
                OperationAccepted.delete(
                        MessageType.DELETE_REQUESTED.type(),
                        "/ringvault/rest",
                        "rest",
                        new DeleteRequested(BACKUP, "alice")));
    }

    OperationView view() {
        return log.view(DELETE).orElseThrow();
    }

    @Test
    void shouldShowTheObjectsDeletedAndBytesFreedWhileTheDeleteRunsAndStillListTheBackup() {
        acceptDelete();
        events.append(DELETE, new DeleteProgress(2, 5, 200));

        OperationView view = view();
        assertThat(view.kind()).isEqualTo(OperationKind.DELETE);
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("deleting");
        assertThat(view.request()).isEqualTo(new DeleteRequested(BACKUP, "alice"));
        assertThat(view.nodes()).isEmpty();
        assertThat(view.progress().filesDone()).isEqualTo(2);
        assertThat(view.progress().filesTotal()).isEqualTo(5);
        assertThat(view.progress().bytesDone()).isEqualTo(200);
        assertThat(view.delete()).isEqualTo(new OperationView.DeleteView(BACKUP, false, 2, 5, 0, 200));
        assertThat(log.deletion(BACKUP)).isPresent();
        assertThat(log.backups()).extracting(b -> b.id()).containsExactly(BACKUP);
    }

    @Test
    void shouldCompleteADeleteWithItsCountsAndListTheBackupNoMore() {
        acceptDelete();
        events.append(DELETE, new DeleteProgress(0, 5, 0));
        events.append(DELETE, new DeleteFinished(DeleteFinished.Outcome.COMPLETED, 5, 3, 1000, 3, null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.DELETE, 0, 5, 1000, 0));
        assertThat(view().state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view().delete()).isEqualTo(new OperationView.DeleteView(BACKUP, true, 5, 5, 3, 1000));
        assertThat(log.backups()).isEmpty();
        assertThat(log.backup(BACKUP)).isEmpty();
    }

    @Test
    void shouldFailWithTheRestorersReasonAndKeepTheBackupDeletableAgain() {
        acceptDelete();
        events.append(
                DELETE,
                new DeleteFinished(
                        DeleteFinished.Outcome.FAILED,
                        2,
                        3,
                        200,
                        1,
                        FailureReason.STORAGE_FAILED,
                        "the delete failed deleting objects (access-denied): denied"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(failed.detail()).contains("2 object(s) deleted", "access-denied", "a new delete");
        assertThat(log.deletion(BACKUP))
                .as("a failed delete does not count as one")
                .isEmpty();
        assertThat(log.backup(BACKUP)).isPresent();
    }

    @Test
    void shouldTimeOutADeleteWhoseRestorerStaysSilent() {
        acceptDelete();
        events.append(DELETE, new DeleteProgress(1, 5, 100));
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published(OperationFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(failed.detail()).contains("no restorer reported on the delete");
        });
    }
}

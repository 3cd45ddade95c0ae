package io.ringvault.coordinator.lifecycle;

import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.MessageType;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.CopyRequested;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A copy folded from its events and ended by the driver: its progress in the view (objects done, copied or skipped, as
 * files), its report, and the outcome rule (the restorer's failure fails it with its reason; a silent restorer times it
 * out).
 */
class CopyDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String COPY = "copy-1";
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

    void acceptCopy() {
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append(
                COPY,
                OperationAccepted.copy(
                        MessageType.COPY_REQUESTED.type(),
                        "/ringvault/rest",
                        "rest",
                        new CopyRequested(BACKUP, "gcs-eu", "alice")));
    }

    OperationView view() {
        return log.view(COPY).orElseThrow();
    }

    @Test
    void shouldShowTheObjectsCopiedAndSkippedWhileTheCopyRuns() {
        acceptCopy();
        events.append(COPY, new CopyProgress(2, 1, 5, 200, 100, 1000));

        OperationView view = view();
        assertThat(view.kind()).isEqualTo(OperationKind.COPY);
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("copying");
        assertThat(view.request()).isEqualTo(new CopyRequested(BACKUP, "gcs-eu", "alice"));
        assertThat(view.nodes()).isEmpty();
        assertThat(view.progress().filesDone()).isEqualTo(3);
        assertThat(view.progress().filesTotal()).isEqualTo(5);
        assertThat(view.progress().bytesDone()).isEqualTo(300);
        assertThat(view.progress().bytesTotal()).isEqualTo(1000);
        assertThat(view.progress().bytesTransferred()).isEqualTo(200);
        assertThat(view.copy()).isEqualTo(new OperationView.CopyView(BACKUP, "gcs-eu", false, 2, 1, 5, 200, 100, 1000));
    }

    @Test
    void shouldCompleteACopyThatRanToTheEnd() {
        acceptCopy();
        events.append(
                COPY, new CopyFinished(CopyFinished.Outcome.COMPLETED, "gcs-eu", 4, 1, 5, 800, 200, 1000, null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.COPY, 0, 5, 1000, 800));
        assertThat(view().state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view().copy().finished()).isTrue();
    }

    @Test
    void shouldFailWithTheRestorersReasonNamingTheCorruptObject() {
        acceptCopy();
        events.append(
                COPY,
                new CopyFinished(
                        CopyFinished.Outcome.FAILED,
                        "gcs-eu",
                        2,
                        0,
                        5,
                        200,
                        0,
                        1000,
                        FailureReason.CHECKSUM_MISMATCH,
                        "object c/nodes/h1/ks/t-1/nb-1-big-Data.db read from the source has SHA-256 sha256:00"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.CHECKSUM_MISMATCH);
        assertThat(failed.detail())
                .contains("the copy of backup " + BACKUP + " to gcs-eu", "nb-1-big-Data.db", "skips what");
        assertThat(view().state()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldTimeOutACopyWhoseRestorerStaysSilent() {
        acceptCopy();
        events.append(COPY, new CopyProgress(1, 0, 5, 100, 0, 1000));
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published(OperationFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(failed.detail()).contains("no restorer reported on the copy");
        });
    }
}

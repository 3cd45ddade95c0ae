package io.ringvault.coordinator.lifecycle;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.MessageType;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyFinished.Problem;
import io.ringvault.common.message.VerifyFinished.ProblemKind;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.common.message.VerifyRequested;
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
 * A verify folded from its events and ended by the driver: its progress in the view, its report, and the outcome rule
 * (problems fail it with {@code backup-corrupt}; a whole backup completes it; a silent restorer times it out).
 */
class VerifyDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String VERIFY = "verify-1";
    static final String BACKUP = "backup-1";
    static final String DATA_KEY = "c/nodes/host-a/ks/t-1/nb-1-big-Data.db";

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

    void acceptVerify(boolean deep) {
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append(
                VERIFY,
                OperationAccepted.verify(
                        MessageType.VERIFY_REQUESTED.type(),
                        "/ringvault/rest",
                        "rest",
                        new VerifyRequested(BACKUP, deep, "alice")));
    }

    OperationView view() {
        return log.view(VERIFY).orElseThrow();
    }

    static Problem missing() {
        return new Problem(
                ProblemKind.MISSING,
                DATA_KEY,
                NODE_A,
                "ks",
                "t",
                100L,
                null,
                null,
                null,
                "object " + DATA_KEY + " of node host-a: not in the store");
    }

    @Test
    void shouldShowTheObjectsAndBytesCheckedWhileTheVerifyRuns() {
        acceptVerify(true);
        events.append(VERIFY, new VerifyProgress(2, 5, 200, 1000, 1));

        OperationView view = view();
        assertThat(view.kind()).isEqualTo(OperationKind.VERIFY);
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("checking");
        assertThat(view.request()).isEqualTo(new VerifyRequested(BACKUP, true, "alice"));
        assertThat(view.nodes()).isEmpty();
        assertThat(view.progress().filesDone()).isEqualTo(2);
        assertThat(view.progress().filesTotal()).isEqualTo(5);
        assertThat(view.progress().bytesDone()).isEqualTo(200);
        assertThat(view.progress().bytesTotal()).isEqualTo(1000);
        assertThat(view.progress().bytesTransferred()).isZero();
        assertThat(view.verify().backupId()).isEqualTo(BACKUP);
        assertThat(view.verify().deep()).isTrue();
        assertThat(view.verify().finished()).isFalse();
        assertThat(view.verify().problemCount()).isEqualTo(1);
        assertThat(view.verify().problems()).isEmpty();
    }

    @Test
    void shouldFailAVerifyThatFoundProblemsAsBackupCorruptNamingThem() {
        acceptVerify(false);
        events.append(VERIFY, new VerifyProgress(0, 5, 0, 1000, 0));
        events.append(
                VERIFY,
                new VerifyFinished(
                        VerifyFinished.Outcome.COMPLETED, false, 5, 5, 1000, 1, List.of(missing()), null, null));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.BACKUP_CORRUPT);
        assertThat(failed.detail()).contains("backup " + BACKUP + " has 1 problem(s) in 5 object(s)", DATA_KEY);
        OperationView view = view();
        assertThat(view.state()).isEqualTo(OperationStatus.FAILED);
        assertThat(view.failure().reason()).isEqualTo("backup-corrupt");
        assertThat(view.verify().finished()).isTrue();
        assertThat(view.verify().problems()).containsExactly(missing());
        assertThat(view.progress().filesDone()).isEqualTo(5);
        assertThat(view.progress().bytesTotal()).isEqualTo(1000);
    }

    @Test
    void shouldCompleteAVerifyThatFoundNoProblem() {
        acceptVerify(true);
        events.append(
                VERIFY, new VerifyFinished(VerifyFinished.Outcome.COMPLETED, true, 5, 5, 1000, 0, null, null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.VERIFY, 0, 5, 1000, 0));
        assertThat(view().state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view().verify().problems()).isEmpty();
    }

    @Test
    void shouldFailWithTheRestorersReasonWhenTheVerifyCouldNotCheckEveryObject() {
        acceptVerify(true);
        events.append(
                VERIFY,
                new VerifyFinished(
                        VerifyFinished.Outcome.FAILED,
                        true,
                        2,
                        5,
                        200,
                        0,
                        null,
                        FailureReason.STORAGE_FAILED,
                        "the object store failed checking the objects (access-denied): denied"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.STORAGE_FAILED);
        assertThat(failed.detail()).contains("2 of 5 checked", "access-denied");
    }

    @Test
    void shouldNotTimeOutAVerifyWhoseRestorerReports() {
        acceptVerify(false);
        clock.advance(NODE_TIMEOUT.minusMinutes(1));
        events.append(VERIFY, new VerifyProgress(1, 5, 100, 1000, 0));
        clock.advance(Duration.ofMinutes(2));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published()).isEmpty();
        assertThat(view().state()).isEqualTo(OperationStatus.RUNNING);
    }

    @Test
    void shouldTimeOutAVerifyWhoseRestorerStaysSilent() {
        acceptVerify(false);
        events.append(VERIFY, new VerifyProgress(1, 5, 100, 1000, 0));
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published(OperationFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(failed.detail()).contains("no restorer reported on the verify");
        });
        assertThat(view().state()).isEqualTo(OperationStatus.FAILED);
    }
}

package io.ringvault.coordinator.lifecycle;

import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.MessageType;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.GcRequested;
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

/** A garbage collection folded from its events and ended by the driver: its progress in the view, its report, the outcome. */
class GcDriverTest {
    static final Duration NODE_TIMEOUT = Duration.ofMinutes(10);
    static final String GC = "gc-1";
    static final GcRequested REQUEST = new GcRequested("alice", "PT1H", null);
    static final String ORPHAN = "test-cluster/nodes/h1/ks/t1-1/nb-9-big-Data.db";

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

    void acceptGc(GcRequested request) {
        log.onChange(operation -> driver.evaluateSoon(operation.id()));
        events.append(GC, OperationAccepted.gc(MessageType.GC_REQUESTED.type(), "/ringvault/rest", "rest", request));
    }

    OperationView view() {
        return log.view(GC).orElseThrow();
    }

    @Test
    void shouldShowTheObjectsListedAndDeletedWhileTheCollectionRuns() {
        acceptGc(REQUEST);
        events.append(GC, new GcProgress(500, 3, 300));

        OperationView view = view();
        assertThat(view.kind()).isEqualTo(OperationKind.GC);
        assertThat(view.state()).isEqualTo(OperationStatus.RUNNING);
        assertThat(view.phase()).isEqualTo("collecting");
        assertThat(view.request()).isEqualTo(REQUEST);
        assertThat(view.nodes()).isEmpty();
        assertThat(view.progress().filesDone()).isEqualTo(3);
        assertThat(view.progress().bytesDone()).isEqualTo(300);
        assertThat(view.gc()).isEqualTo(new OperationView.GcView(false, "PT1H", false, 500, 0, 0, 3, 300, List.of()));
    }

    @Test
    void shouldCompleteACollectionWithItsReport() {
        acceptGc(REQUEST);
        events.append(GC, new GcProgress(0, 0, 0));
        events.append(
                GC,
                new GcFinished(GcFinished.Outcome.COMPLETED, false, 600, 590, 2, 8, 4096, List.of(ORPHAN), null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.GC, 0, 8, 4096, 0));
        assertThat(view().state()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(view().gc())
                .isEqualTo(new OperationView.GcView(false, "PT1H", true, 600, 590, 2, 8, 4096, List.of(ORPHAN)));
    }

    @Test
    void shouldCompleteADryRunWithWhatItWouldHaveDeleted() {
        acceptGc(new GcRequested("alice", null, true));
        events.append(
                GC,
                new GcFinished(GcFinished.Outcome.COMPLETED, true, 600, 590, 2, 8, 4096, List.of(ORPHAN), null, null));
        driver.close();

        assertThat(events.published()).containsExactly(new OperationCompleted(OperationKind.GC, 0, 8, 4096, 0));
        assertThat(view().gc().dryRun()).isTrue();
        assertThat(view().gc().gracePeriod()).isNull();
    }

    @Test
    void shouldFailWithTheRestorersReasonNamingTheUnreadableManifest() {
        acceptGc(REQUEST);
        events.append(
                GC,
                new GcFinished(
                        GcFinished.Outcome.FAILED,
                        false,
                        0,
                        0,
                        0,
                        0,
                        0,
                        List.of(),
                        FailureReason.BACKUP_CORRUPT,
                        "test-cluster/backups/b1/nodes/h1.json is not a readable manifest"));
        driver.close();

        OperationFailed failed = events.published(OperationFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo(FailureReason.BACKUP_CORRUPT);
        assertThat(failed.detail()).contains("0 object(s) deleted", "b1/nodes/h1.json", "a new gc");
        assertThat(view().state()).isEqualTo(OperationStatus.FAILED);
    }

    @Test
    void shouldTimeOutACollectionWhoseRestorerStaysSilent() {
        acceptGc(REQUEST);
        events.append(GC, new GcProgress(10, 0, 0));
        clock.advance(NODE_TIMEOUT.plusSeconds(1));
        driver.sweepTimeouts(id -> true);
        driver.close();

        assertThat(events.published(OperationFailed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(failed.detail()).contains("no restorer reported on the garbage collection");
        });
    }
}

package io.ringvault.coordinator.schedule;

import static io.ringvault.coordinator.fakes.TestMessages.NODE_A;
import static io.ringvault.coordinator.fakes.TestMessages.NODE_B;
import static io.ringvault.coordinator.fakes.TestMessages.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.ScheduleAction;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.FakeClusterTopology;
import io.ringvault.coordinator.fakes.FakeEventLog;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.request.RequestService;
import io.ringvault.coordinator.request.RequestValidator;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A coordinator's schedules in memory: the fold, the services and a scheduler over a fake event log. */
class ScheduleFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock(T0);
    final OperationLog log = new OperationLog(clock);
    final ScheduleLog schedules = new ScheduleLog();
    final FakeEventLog events = new FakeEventLog(log, clock);
    final InMemoryObjectStore store = new InMemoryObjectStore();
    final BackupCatalog catalog =
            new BackupCatalog(store, new ObjectLayout("", "test-cluster"), new CloudEventCodec().mapper());
    final FakeClusterTopology cluster =
            new FakeClusterTopology().keyspace("ks", "t1", "t2").up(NODE_A, NODE_B);
    final OperationDriver driver = new OperationDriver(log, events, clock, Duration.ofMinutes(10), catalog);
    final ScheduleService service = new ScheduleService(schedules, new ScheduleValidator(cluster), events, clock);
    final RequestService requests = new RequestService(
            new RequestValidator(cluster, log, catalog), events, log, driver, catalog, "test-cluster", service);
    final ScheduleViews views = new ScheduleViews(schedules, log, clock);
    boolean owned = true;

    ScheduleFixture() {
        log.alsoFold(schedules::apply);
    }

    Scheduler scheduler(Duration missedAfter, Duration settle) {
        return new Scheduler(
                schedules,
                log,
                request -> requests.submit(request, Scheduler.CHANNEL),
                events,
                clock,
                key -> owned,
                () -> true,
                missedAfter,
                settle);
    }

    static ScheduleCreateRequested schedule(String name, String cron, MissedFirings missed) {
        return new ScheduleCreateRequested(
                name, cron, "UTC", List.of("ks"), null, null, BackupMode.FULL, null, null, null, missed, "alice");
    }

    static ScheduleCreateRequested verifySchedule(String name, String cron) {
        return new ScheduleCreateRequested(
                name, cron, "UTC", List.of("ks"), null, null, null, ScheduleAction.VERIFY, true, null, null, "alice");
    }

    static ScheduleCreateRequested withRetention(String name, Retention retention) {
        return new ScheduleCreateRequested(
                name, "0 2 * * *", "Europe/Paris", List.of("ks"), null, null, null, null, null, retention, null, null);
    }

    static void assertRefused(ThrowingCallable request, String reason, int status, String... named) {
        assertThatThrownBy(request).isInstanceOfSatisfying(RequestRejectedException.class, refused -> {
            assertThat(refused.reason().code()).isEqualTo(reason);
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.getMessage()).contains(named);
        });
    }

    @Override
    public void close() {
        driver.close();
    }
}

package io.ringvault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ringvault.agent.node.LocalTables;
import io.ringvault.common.failure.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's side of a repair: names and existence checked first, one repair for calls that overlap. */
class RepairServiceTest {
    private final FakeRepair repair = new FakeRepair();
    private final RepairService service = new RepairService(new Tables(), repair, Duration.ofMinutes(5));
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void shouldRepairTheNamedTablesInNameOrderWithTheTimeout() {
        RepairService.Result result = service.repair("op-1", "shop", List.of("users", "orders", "users"));

        assertThat(repair.calls).containsExactly("shop [orders, users] PT5M");
        assertThat(result.keyspace()).isEqualTo("shop");
        assertThat(result.tables()).containsExactly("orders", "users");
        assertThat(result.outcome().command()).isEqualTo(7);
    }

    @Test
    void shouldRefuseAMissingKeyspaceOrTableBeforeAskingCassandra() {
        assertThatThrownBy(() -> service.repair("op-1", "gone", List.of()))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.KEYSPACE_MISSING);
                    assertThat(e.getMessage()).contains("keyspace gone does not exist");
                });
        assertThatThrownBy(() -> service.repair("op-1", "shop", List.of("orders", "nope")))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.TABLE_MISSING);
                    assertThat(e.getMessage()).contains("shop.nope");
                });
        assertThatThrownBy(() -> service.repair("op-1", "system", List.of()))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYSPACE_NOT_ALLOWED));
        assertThatThrownBy(() -> service.repair("op-1", "shop", List.of("../x")))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_NAME));
        assertThat(repair.calls).isEmpty();
    }

    @Test
    void shouldPassCassandrasFailureOn() {
        repair.failure = new RestoreException(FailureReason.REPAIR_FAILED, "Cassandra failed repair #7 of shop");

        assertThatThrownBy(() -> service.repair("op-1", "shop", List.of("orders")))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.REPAIR_FAILED);
                    assertThat(e.getMessage()).contains("repair #7");
                });
        // Over: the next call starts a new repair.
        repair.failure = null;
        service.repair("op-1", "shop", List.of("orders"));
        assertThat(repair.calls).hasSize(2);
    }

    @Test
    void shouldJoinTheRepairAlreadyRunningForTheSameOperationAndTables() throws Exception {
        repair.release = new CountDownLatch(1);
        Future<RepairService.Result> first = threads.submit(() -> service.repair("op-1", "shop", List.of("orders")));
        assertThat(repair.started.await(10, TimeUnit.SECONDS)).isTrue();
        // A restorer that timed out and calls again: it waits for the running repair.
        FutureTask<RepairService.Result> again =
                new FutureTask<>(() -> service.repair("op-1", "shop", List.of("orders")));
        Thread caller = new Thread(again, "second-call");
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING);
        repair.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).outcome().command()).isEqualTo(7);
        assertThat(again.get(10, TimeUnit.SECONDS).outcome().command()).isEqualTo(7);
        assertThat(repair.calls).as("one repair for both calls").hasSize(1);
    }

    private static final class Tables implements LocalTables {
        private final Set<String> existing = Set.of("shop.orders", "shop.users");

        @Override
        public boolean tableExists(String keyspace, String table) {
            return existing.contains(keyspace + "." + table);
        }

        @Override
        public boolean keyspaceExists(String keyspace) {
            return keyspace.equals("shop") || keyspace.equals("system");
        }

        @Override
        public void truncate(String keyspace, String table) {
            throw new AssertionError("a repair never truncates");
        }
    }

    private static final class FakeRepair implements TableRepair {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        volatile CountDownLatch release;
        volatile RestoreException failure;

        @Override
        public Outcome repair(String keyspace, List<String> tables, Duration timeout) {
            calls.add(keyspace + " " + tables + " " + timeout);
            started.countDown();
            if (release != null) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new Outcome(7, List.of("Repair completed successfully"));
        }
    }
}

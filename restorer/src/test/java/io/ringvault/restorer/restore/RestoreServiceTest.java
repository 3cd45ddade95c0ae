package io.ringvault.restorer.restore;

import static io.ringvault.restorer.restore.RestoreHarness.AGENT_1;
import static io.ringvault.restorer.restore.RestoreHarness.AGENT_2;
import static io.ringvault.restorer.restore.TestBackup.DATA;
import static io.ringvault.restorer.restore.TestBackup.INDEX;
import static io.ringvault.restorer.restore.TestBackup.NODE_1;
import static io.ringvault.restorer.restore.TestBackup.NODE_2;
import static io.ringvault.restorer.restore.TestBackup.ORDERS;
import static io.ringvault.restorer.restore.TestBackup.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.StartRestore;
import io.ringvault.restorer.cluster.TargetNode;
import io.ringvault.restorer.restore.FakeAgents.Call;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A restore from end to end against fakes: what it moves when all goes well, and how each way it can fail becomes
 * {@code restore.finished} with the right reason and a detail that names the node, the table or the object.
 */
class RestoreServiceTest {
    @TempDir
    Path objects;

    RestoreHarness world;

    @BeforeEach
    void setUp() {
        world = new RestoreHarness(objects);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void shouldImportEveryTableOnEveryNodeAndClearTheStaging() {
        world.backup.write();

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(ORDERS, USERS);
        assertThat(world.events.finished()).containsExactly(finished);
        assertThat(world.agents.calls("UPLOAD"))
                .containsExactlyInAnyOrder(
                        "UPLOAD " + AGENT_1 + " " + ORDERS + " " + DATA,
                        "UPLOAD " + AGENT_1 + " " + ORDERS + " " + INDEX,
                        "UPLOAD " + AGENT_1 + " " + USERS + " " + DATA,
                        "UPLOAD " + AGENT_1 + " " + USERS + " " + INDEX,
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + DATA,
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + INDEX,
                        "UPLOAD " + AGENT_2 + " " + USERS + " " + DATA,
                        "UPLOAD " + AGENT_2 + " " + USERS + " " + INDEX);
        assertThat(world.agents.calls("IMPORT")).hasSize(4);
        assertThat(world.agents.calls("DELETE")).containsExactlyInAnyOrder("DELETE " + AGENT_1, "DELETE " + AGENT_2);
        assertThat(world.cluster.truncated).isEmpty();
        assertThat(world.files("downloaded")).isEqualTo(8);
    }

    @Test
    void shouldPlanBeforeAnythingMovesAndReportEachNodeDone() {
        world.backup.write();

        world.restore(false);

        assertThat(world.events.planned()).singleElement().satisfies(planned -> {
            assertThat(planned.tables()).containsExactly(ORDERS, USERS);
            assertThat(planned.filesTotal()).isEqualTo(8);
            assertThat(planned.nodes()).extracting(n -> n.mappedBy()).containsOnly(NodeMapper.SAME_HOST_ID);
        });
        List<RestoreProgress> done = world.events.progress().stream()
                .filter(p -> p.phase() == RestorePhase.DONE)
                .toList();
        assertThat(done).hasSize(4).allSatisfy(p -> {
            assertThat(p.filesDone()).isEqualTo(2).isEqualTo(p.filesTotal());
            assertThat(p.bytesDone()).isEqualTo(p.bytesTotal()).isPositive();
        });
    }

    @Test
    void shouldRetryAnAgentThatIsBrieflyUnavailableAndCountItsBytesOnce() {
        world.backup.write();
        world.agents.failOn(
                Call.UPLOAD, AGENT_1, USERS, 1, new AgentRefused(503, FailureReason.SERVER_ERROR, "agent restarting"));

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(world.agents.calls("UPLOAD " + AGENT_1 + " " + USERS)).hasSize(3);
        assertThat(world.events.progress())
                .filteredOn(p -> p.phase() == RestorePhase.DONE && p.table().equals("users"))
                .allSatisfy(p -> assertThat(p.bytesDone()).isEqualTo(p.bytesTotal()));
    }

    @Test
    void shouldTruncateEachTableOnceAfterItsFilesAreStagedAndBeforeAnyImport() {
        world.backup.write();
        Map<String, String> stagedAtTruncate = new ConcurrentHashMap<>();
        world.cluster.onTruncate = table -> stagedAtTruncate.put(
                table,
                world.agents.stagedFiles(AGENT_1, table) + " " + world.agents.stagedFiles(AGENT_2, table) + " imported="
                        + world.agents.importedTables(AGENT_1) + world.agents.importedTables(AGENT_2));

        RestoreFinished finished = world.restore(true);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(world.cluster.truncated).containsExactly(ORDERS, USERS);
        String both = "[" + DATA + ", " + INDEX + "] [" + DATA + ", " + INDEX + "]";
        assertThat(stagedAtTruncate)
                .containsEntry(ORDERS, both + " imported=[][]")
                .containsEntry(USERS, both + " imported=[" + ORDERS + "][" + ORDERS + "]");
    }

    @Test
    void shouldFailUnknownBackupWhenTheBackupHasNoManifest() {
        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "unknown-backup", "b1", "prod", TestBackup.LAYOUT.backupManifest("b1"));
        assertThat(world.events.planned()).isEmpty();
        assertThat(world.agents.calls()).isEmpty();
    }

    @Test
    void shouldFailUnknownBackupNamingTheNodeWhoseManifestIsMissing() {
        world.backup.withoutManifestOf(NODE_2).write();

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "unknown-backup", "node h2", TestBackup.LAYOUT.nodeManifest("b1", "h2"));
        assertThat(world.agents.calls()).isEmpty();
    }

    @Test
    void shouldFailSchemaMismatchBeforeAnyDataMoves() {
        world.backup.write();
        world.cluster.tables.put(USERS, "CREATE TABLE shop.users (id uuid PRIMARY KEY, name text, age int)");

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "schema-mismatch", "table " + USERS, "allowSchemaMismatch");
        assertThat(world.agents.calls("UPLOAD")).isEmpty();
        assertThat(world.agents.calls("DELETE")).hasSize(2);
    }

    @Test
    void shouldFailChecksumMismatchNamingFileTableObjectBackupAndNodeAndImportNothingOfTheTable() {
        world.backup.corrupted(NODE_2, USERS, DATA).write();

        RestoreFinished finished = world.restore(false);

        assertFailed(
                finished,
                "checksum-mismatch",
                "file " + DATA + " of table " + USERS,
                TestBackup.objectKey(NODE_2, USERS, DATA),
                "of backup b1",
                "on node h2 (10.0.0.2)",
                "nothing of " + USERS + " was imported");
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("IMPORT")).noneMatch(call -> call.contains(USERS));
        assertThat(world.agents.calls("UPLOAD " + AGENT_2 + " " + USERS + " " + DATA))
                .as("a refused checksum is not retried")
                .hasSize(1);
        assertThat(world.events.progress())
                .filteredOn(p -> p.phase() == RestorePhase.FAILED)
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.node()).isEqualTo(NODE_2);
                    assertThat(p.table()).isEqualTo("users");
                    assertThat(p.reason().code()).isEqualTo("checksum-mismatch");
                    assertThat(p.detail()).contains(DATA);
                });
    }

    @Test
    void shouldFailChecksumMismatchWhenTheManifestHoldsNoChecksumToVerify() {
        world.backup.withoutChecksum(NODE_1, ORDERS, INDEX).write();

        RestoreFinished finished = world.restore(false);

        assertFailed(
                finished,
                "checksum-mismatch",
                "file " + INDEX + " of " + ORDERS,
                TestBackup.objectKey(NODE_1, ORDERS, INDEX),
                "no SHA-256");
        assertThat(world.agents.calls("IMPORT")).isEmpty();
    }

    @Test
    void shouldFailInsufficientSpaceNamingTheNodeAndTheBytesBeforeDownloading() {
        world.backup.write();
        world.agents.usableBytes(AGENT_2, 10);

        RestoreFinished finished = world.restore(false);

        long needed = TestBackup.content(NODE_2, ORDERS, DATA).length()
                + TestBackup.content(NODE_2, ORDERS, INDEX).length();
        assertFailed(
                finished,
                "insufficient-space",
                "node h2 (10.0.0.2) needs " + needed + " bytes to stage " + ORDERS,
                "has 10 bytes free");
        assertThat(world.agents.calls("UPLOAD " + AGENT_2)).isEmpty();
        assertThat(finished.importedTables()).isEmpty();
    }

    @Test
    void shouldFailInsufficientSpaceWhenTheAgentRefusesAFileForWantOfRoom() {
        world.backup.write();
        world.agents.failOn(
                Call.UPLOAD, AGENT_1, USERS, 1, new AgentRefused(FailureReason.INSUFFICIENT_SPACE, "disk full"));

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "insufficient-space", "node h1 (10.0.0.1) has no room left for " + USERS);
        assertThat(finished.importedTables()).containsExactly(ORDERS);
    }

    @ParameterizedTest
    @EnumSource(
            value = FailureReason.class,
            names = {"IMPORT_FAILED", "TABLE_MISSING"})
    void shouldFailImportFailedNamingTheNodeAndTheTable(FailureReason reason) {
        world.backup.write();
        world.agents.failOn(Call.IMPORT, AGENT_2, USERS, 1, new AgentRefused(reason, "Cassandra refused it"));

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "import-failed", "node h2 (10.0.0.2) could not import " + USERS, "Cassandra refused it");
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("DELETE")).hasSize(2);
    }

    @Test
    void shouldFailAgentFailedNamingTheNodeAndUrlOfAnAgentThatStaysUnreachable() {
        world.backup.write();
        world.agents.failOn(Call.STAGING, AGENT_1, ORDERS, 99, new ConnectException("Connection refused"));

        RestoreFinished finished = world.restore(false);

        assertFailed(
                finished,
                "agent-failed",
                "the node agent of h1 (10.0.0.1) at " + AGENT_1 + " stayed unreachable for " + ORDERS,
                "Connection refused");
        assertThat(world.agents.calls("STAGING " + AGENT_1 + " " + ORDERS)).hasSize(3);
        assertThat(world.agents.calls("UPLOAD")).isEmpty();
    }

    @Test
    void shouldFailAgentFailedWithoutRetryingWhenTheAgentRefusesTheToken() {
        world.backup.write();
        world.agents.failOn(
                Call.STAGING,
                AGENT_2,
                null,
                99,
                new AgentRefused(401, FailureReason.ACCESS_DENIED, "GET answered 401"));

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "agent-failed", "the node agent of h2 (10.0.0.2) refused " + ORDERS, "401");
        assertThat(world.agents.calls("STAGING " + AGENT_2)).hasSize(1);
    }

    @Test
    void shouldFailStorageFailedNamingTheObjectThatCannotBeRead() {
        world.backup.withoutObject(NODE_1, USERS, INDEX).write();

        RestoreFinished finished = world.restore(false);

        assertFailed(
                finished,
                "storage-failed",
                "could not read object " + TestBackup.objectKey(NODE_1, USERS, INDEX),
                USERS + " " + INDEX);
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("IMPORT")).noneMatch(call -> call.contains(USERS));
    }

    @Test
    void shouldFailChecksumMismatchNamingAnEncryptedObjectAlteredInTheStore(@TempDir Path encrypted) throws Exception {
        world.close();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path keyFile = java.nio.file.Files.writeString(
                encrypted.resolve("kek-1"), java.util.Base64.getEncoder().encodeToString(key));
        Path root = encrypted.resolve("objects");
        world = new RestoreHarness(new io.ringvault.storage.crypto.EncryptingObjectStore(
                new io.ringvault.storage.FilesystemObjectStore(root),
                io.ringvault.storage.crypto.KeyFileKeys.load(keyFile, List.of())));
        world.backup.write();
        String altered = TestBackup.objectKey(NODE_1, USERS, INDEX);
        try (java.io.RandomAccessFile file =
                new java.io.RandomAccessFile(root.resolve(altered).toFile(), "rw")) {
            file.seek(1024 + 3); // the first chunk's first byte after the header
            int b = file.read();
            file.seek(1024 + 3);
            file.write(b ^ 0x01);
        }

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "checksum-mismatch", altered, "refused as corrupt", "nothing of " + USERS);
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("IMPORT")).noneMatch(call -> call.contains(USERS));
    }

    @Test
    void shouldFailTruncateFailedNamingTheTableAndImportNothingOfIt() {
        world.backup.write();
        world.cluster.onTruncate = table -> {
            if (table.equals(USERS)) {
                throw new IllegalStateException("Cassandra timeout during truncate");
            }
        };

        RestoreFinished finished = world.restore(true);

        assertFailed(finished, "truncate-failed", "could not truncate " + USERS, "Cassandra timeout");
        assertThat(finished.importedTables()).containsExactly(ORDERS);
        assertThat(world.agents.calls("IMPORT")).noneMatch(call -> call.contains(USERS));
    }

    @Test
    void shouldFailRestoreErrorWithTheCauseWhenTheClusterCannotBeReached() {
        world.backup.write();
        world.cluster.down = new IllegalStateException("All host(s) tried for query failed");

        RestoreFinished finished = world.restore(false);

        assertFailed(finished, "restore-error", "All host(s) tried for query failed");
        assertThat(world.agents.calls()).isEmpty();
    }

    @Test
    void shouldStageBothBackedUpNodesOnTheOneNodeLeftAndStreamEachUnderItsOwnNamespace() {
        world.backup.write();
        world.cluster.nodes = List.of(new TargetNode(NODE_2, List.of("100")));

        RestoreFinished finished = world.restore(false);

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(ORDERS, USERS);
        String derived = StagingIds.of(RestoreHarness.OP, "h2", 1);
        // nb-1-big-Data.db of h1 and of h2 both reach h2, each in its own namespace, and both stream from there.
        assertThat(world.agents.calls("UPLOAD " + AGENT_2 + " " + ORDERS))
                .containsExactlyInAnyOrder(
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + DATA,
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + INDEX,
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + DATA + " @" + derived,
                        "UPLOAD " + AGENT_2 + " " + ORDERS + " " + INDEX + " @" + derived);
        assertThat(world.agents.calls("IMPORT"))
                .containsExactly(
                        "IMPORT " + AGENT_2 + " " + ORDERS + " stream",
                        "IMPORT " + AGENT_2 + " " + ORDERS + " stream @" + derived,
                        "IMPORT " + AGENT_2 + " " + USERS + " stream",
                        "IMPORT " + AGENT_2 + " " + USERS + " stream @" + derived);
        assertThat(world.agents.calls("DELETE"))
                .containsExactlyInAnyOrder("DELETE " + AGENT_2, "DELETE " + AGENT_2 + " @" + derived);
        assertThat(world.agents.calls()).noneMatch(call -> call.contains(AGENT_1));
        assertThat(world.events.planned())
                .singleElement()
                .satisfies(planned -> assertThat(planned.nodes())
                        .extracting(
                                RestorePlanned.NodeMapping::sourceHostId,
                                n -> n.target().hostId(),
                                n -> n.method())
                        .containsExactly(
                                tuple("h1", "h2", RestoreMethod.STREAM), tuple("h2", "h2", RestoreMethod.STREAM)));
        // One node, one progress per table: both backed-up nodes' files counted together.
        assertThat(world.events.progress())
                .filteredOn(p -> p.phase() == RestorePhase.DONE)
                .hasSize(2)
                .allSatisfy(p -> {
                    assertThat(p.node().hostId()).isEqualTo("h2");
                    assertThat(p.filesDone()).isEqualTo(4).isEqualTo(p.filesTotal());
                });
    }

    @Test
    void shouldFailBulkLoadFailedNamingTheNodeTheTableAndTheBackedUpNode() {
        world.backup.write();
        world.cluster.nodes = List.of(new TargetNode(NODE_2, List.of("100")));
        world.agents.failOn(
                Call.IMPORT,
                AGENT_2,
                USERS,
                1,
                new AgentRefused(FailureReason.BULK_LOAD_FAILED, "the bulk loader exited with 1"));

        RestoreFinished finished = world.restore(false);

        assertFailed(
                finished,
                "bulk-load-failed",
                "node h2 (10.0.0.2) could not stream " + USERS + " of backed-up node h1",
                "the bulk loader exited with 1");
        assertThat(finished.importedTables()).containsExactly(ORDERS);
    }

    @Test
    void shouldOnlyPlanADryRunAndChangeNothing() {
        world.backup.write();
        world.cluster.tables.clear();

        RestoreFinished finished = world.service()
                .run(
                        RestoreHarness.OP,
                        new StartRestore(
                                new RestoreRequested(
                                        TestBackup.BACKUP_ID,
                                        List.of(),
                                        List.of(),
                                        null,
                                        "test",
                                        true,
                                        null,
                                        null,
                                        null,
                                        true),
                                TestBackup.CLUSTER));

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).isEmpty();
        assertThat(world.events.planned()).singleElement().satisfies(planned -> {
            assertThat(planned.dryRun()).isTrue();
            assertThat(planned.tables()).containsExactly(ORDERS, USERS);
            assertThat(planned.filesTotal()).isEqualTo(8);
            assertThat(planned.nodes()).extracting(n -> n.method()).containsOnly(RestoreMethod.IMPORT);
        });
        assertThat(world.events.progress()).isEmpty();
        // No agent asked, no schema created, nothing truncated.
        assertThat(world.agents.calls()).isEmpty();
        assertThat(world.cluster.ddl).isEmpty();
        assertThat(world.cluster.truncated).isEmpty();
    }

    @Test
    void shouldRepairTheRestoredTablesNodeAfterNodeOnceEveryTableIsLoaded() {
        world.backup.write();

        RestoreFinished finished = world.service().run(RestoreHarness.OP, repairCommand(false));

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(finished.importedTables()).containsExactly(ORDERS, USERS);
        assertThat(world.events.planned())
                .singleElement()
                .satisfies(planned -> assertThat(planned.repair()).isTrue());
        // One repair per node and keyspace, with every restored table of it, one node after the other.
        assertThat(world.agents.calls("REPAIR"))
                .containsExactly(
                        "REPAIR " + AGENT_1 + " shop [orders, users]", "REPAIR " + AGENT_2 + " shop [orders, users]");
        // Only after the last import: every table is loaded on every node before any range is compared.
        List<String> calls = world.agents.calls();
        int lastImport = calls.stream()
                .filter(c -> c.startsWith("IMPORT"))
                .mapToInt(calls::indexOf)
                .max()
                .orElseThrow();
        int firstRepair = calls.indexOf("REPAIR " + AGENT_1 + " shop [orders, users]");
        assertThat(firstRepair).isGreaterThan(lastImport);
        // Each node's tables go repairing, then done again, with their files still counted.
        List<RestoreProgress> progress = world.events.progress();
        assertThat(progress)
                .filteredOn(p -> p.phase() == RestorePhase.REPAIRING)
                .extracting(p -> p.node().hostId(), RestoreProgress::table)
                .contains(tuple("h1", "orders"), tuple("h1", "users"), tuple("h2", "orders"), tuple("h2", "users"));
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(RestorePhase.DONE);
        assertThat(progress)
                .filteredOn(p -> p.phase() == RestorePhase.REPAIRING)
                .allSatisfy(
                        p -> assertThat(p.filesDone()).isEqualTo(p.filesTotal()).isEqualTo(2));
        assertThat(progress).filteredOn(p -> p.phase() == RestorePhase.DONE).hasSize(8);
    }

    @Test
    void shouldNotRepairWhenTheRequestDoesNotAskForIt() {
        world.backup.write();

        world.restore(false);

        assertThat(world.agents.calls("REPAIR")).isEmpty();
        assertThat(world.events.progress()).noneMatch(p -> p.phase() == RestorePhase.REPAIRING);
        assertThat(world.events.planned())
                .singleElement()
                .satisfies(planned -> assertThat(planned.repair()).isNull());
    }

    @Test
    void shouldFailRepairFailedNamingTheNodeAndKeepTheImportedTables() {
        world.backup.write();
        world.agents.failOn(
                Call.REPAIR,
                AGENT_2,
                "shop",
                1,
                new AgentRefused(422, FailureReason.REPAIR_FAILED, "Cassandra failed repair #3 of shop: Sync failed"));

        RestoreFinished finished = world.service().run(RestoreHarness.OP, repairCommand(false));

        assertFailed(finished, "repair-failed", "repair of shop [orders, users]", "node h2 (10.0.0.2)", "Sync failed");
        // The data is in: the restore says so, and does not undo it.
        assertThat(finished.importedTables()).containsExactly(ORDERS, USERS);
        assertThat(world.agents.calls("REPAIR " + AGENT_2))
                .as("a refused repair is not retried")
                .hasSize(1);
        assertThat(world.events.progress())
                .filteredOn(p -> p.phase() == RestorePhase.FAILED)
                .hasSize(2)
                .allSatisfy(p -> {
                    assertThat(p.node()).isEqualTo(NODE_2);
                    assertThat(p.reason()).isEqualTo(FailureReason.REPAIR_FAILED);
                    assertThat(p.detail()).contains("node h2", "Sync failed");
                });
    }

    @Test
    void shouldRetryARepairCallThatGotNoAnswer() {
        world.backup.write();
        world.agents.failOn(Call.REPAIR, AGENT_1, "shop", 1, new ConnectException("Connection refused"));

        RestoreFinished finished = world.service().run(RestoreHarness.OP, repairCommand(false));

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(world.agents.calls("REPAIR " + AGENT_1)).hasSize(2);
    }

    @Test
    void shouldOnlySayADryRunWouldRepair() {
        world.backup.write();

        RestoreFinished finished = world.service().run(RestoreHarness.OP, repairCommand(true));

        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.COMPLETED);
        assertThat(world.events.planned()).singleElement().satisfies(planned -> {
            assertThat(planned.dryRun()).isTrue();
            assertThat(planned.repair()).isTrue();
        });
        assertThat(world.agents.calls()).isEmpty();
    }

    private static StartRestore repairCommand(boolean dryRun) {
        return new StartRestore(
                new RestoreRequested(
                        TestBackup.BACKUP_ID, List.of(), List.of(), null, "test", null, null, null, null, dryRun, true),
                TestBackup.CLUSTER);
    }

    /** The restore failed once, with the reason, a detail naming each of {@code details}, and the count in metrics. */
    private void assertFailed(RestoreFinished finished, String reason, String... details) {
        assertThat(finished.outcome()).isEqualTo(RestoreFinished.Outcome.FAILED);
        assertThat(finished.reason().code()).isEqualTo(reason);
        assertThat(finished.detail()).contains(details);
        assertThat(world.events.finished()).containsExactly(finished);
        assertThat(world.meters
                        .get("ringvault.restorer.restores")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}

package io.ringvault.common;

import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.CancelRequested;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.CopyFinished;
import io.ringvault.common.message.CopyProgress;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteFinished;
import io.ringvault.common.message.DeleteProgress;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.GcFinished;
import io.ringvault.common.message.GcProgress;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.MissedFirings;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PartialBackup;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.PurgeFinished;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeProgress;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.RequestRejected;
import io.ringvault.common.message.RestoreFinished;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.common.message.RestorePhase;
import io.ringvault.common.message.RestorePlanned;
import io.ringvault.common.message.RestoreProgress;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.ScheduleAction;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleCreated;
import io.ringvault.common.message.ScheduleDeleteRequested;
import io.ringvault.common.message.ScheduleDeleted;
import io.ringvault.common.message.ScheduleFired;
import io.ringvault.common.message.ScheduleMissed;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.SchedulePaused;
import io.ringvault.common.message.ScheduleResumeRequested;
import io.ringvault.common.message.ScheduleResumed;
import io.ringvault.common.message.SnapshotTaken;
import io.ringvault.common.message.StartCopy;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.common.message.StartPurge;
import io.ringvault.common.message.StartRestore;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyProgress;
import io.ringvault.common.message.VerifyRequested;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic example payloads and envelopes for every {@link MessageType}: the ones the contract tests check against the
 * schemas, and the ones {@code docs/messages.md} shows.
 */
public final class Examples {
    public static final String BACKUP_ID = "3f6c1d2e-8b4a-4c7e-9a51-0d2e7b6f4a18";
    static final String RESTORE_ID = "9b2e4f71-6a3c-4d58-b0e2-7c1f5a9d3e64";
    static final String CANCEL_ID = "c4d7e1a9-2f6b-4e3c-8a0d-5b9f1e7c2a36";
    static final String REJECTED_ID = "e1a5c9d3-7b2f-4a6e-9c8d-0f4b2a6e8c13";
    static final String VERIFY_ID = "f2b6d0e4-8c3a-4b7f-9d1e-6a0c4e8b2d57";
    static final VerifyRequested VERIFY = new VerifyRequested(BACKUP_ID, true, "alice@example.com");
    static final String DELETE_ID = "a8d2f6b0-4e1c-4a9d-8f3b-7c5e1a9d3f62";
    static final DeleteRequested DELETE = new DeleteRequested(BACKUP_ID, "alice@example.com");
    static final String PURGE_ID = "c4e8a2f6-0b3d-4f7a-9e1c-5d7b9f1a3c48";
    static final PurgeRequested PURGE =
            new PurgeRequested("alice@example.com", true, new Retention(3, "P30D", 7, 4, 12));
    static final String PURGED_ID = "0c6e2a8d-4f1b-4d3a-8c5e-9a1b3d5f7e20";
    static final PurgePlan.Chosen PURGED =
            new PurgePlan.Chosen(PURGED_ID, Instant.parse("2026-01-10T02:04:11Z"), "nightly");
    static final PurgePlan PLAN = new PurgePlan(
            new Retention(3, "P30D", 7, 4, 12),
            "Europe/Paris",
            List.of(PURGED),
            List.of(new PurgePlan.Kept(
                    BACKUP_ID,
                    Instant.parse("2026-03-14T02:04:11Z"),
                    "nightly",
                    List.of("newest 3", "daily 2026-03-14", "younger than P30D"))));
    static final String GC_ID = "c4e8a2f6-0b3d-4f7a-9e1c-5d7b9f1a3c86";
    static final GcRequested GC = new GcRequested("alice@example.com", "PT6H", null);
    static final String COPY_ID = "5b9d1f3a-7c2e-4e6b-9a8d-0f2c4e6a8b13";
    static final CopyRequested COPY = new CopyRequested(BACKUP_ID, "gcs-eu", "alice@example.com");

    static final String SCHEDULE_KEY = "schedule:nightly";
    /** The backup the nightly schedule's firing of 2026-03-14T01:00:00Z started: the name-based UUID of "nightly@2026-03-14T01:00:00Z". */
    static final String SCHEDULED_BACKUP_ID = "1a3c251c-6045-31a7-a950-da83121cd255";

    static final ScheduleCreateRequested SCHEDULE = new ScheduleCreateRequested(
            "nightly",
            "0 2 * * *",
            "Europe/Paris",
            List.of("shop"),
            List.of("shop.orders"),
            List.of("dc1"),
            BackupMode.DIFFERENTIAL,
            ScheduleAction.BACKUP,
            null,
            new Retention(7, "P30D", 7, 4, 12),
            MissedFirings.CATCH_UP,
            "alice@example.com");
    static final ScheduleCreateRequested VERIFY_SCHEDULE = new ScheduleCreateRequested(
            "weekly-check",
            "@weekly",
            "UTC",
            List.of("shop"),
            null,
            null,
            null,
            ScheduleAction.VERIFY,
            true,
            null,
            MissedFirings.SKIP,
            null);
    /** A continuous backup: an incremental link every 30 seconds, of what Cassandra flushed by itself. */
    static final ScheduleCreateRequested CONTINUOUS_SCHEDULE = new ScheduleCreateRequested(
            "continuous-shop",
            "*/30 * * * * *",
            "UTC",
            List.of("shop"),
            null,
            null,
            BackupMode.INCREMENTAL,
            ScheduleAction.BACKUP,
            null,
            null,
            MissedFirings.SKIP,
            "alice@example.com",
            false);

    /** A restore of the state at 02:30: the full backup plus the incremental backups built on it up to that time. */
    static final RestoreRequested POINT_IN_TIME = new RestoreRequested(
            "3f6c1d2e-8b4a-4c7e-9a51-0d2e7b6f4a18",
            List.of("shop"),
            null,
            null,
            "alice@example.com",
            true,
            null,
            null,
            null,
            null,
            null,
            Instant.parse("2026-03-14T02:30:00Z"));

    public static final NodeRef NODE_1 =
            new NodeRef("5a1e2f3b-7c4d-4e8f-9a0b-1c2d3e4f5a6b", "10.0.1.11", "dc1", "rack1");
    public static final NodeRef NODE_2 =
            new NodeRef("8d9e0f1a-2b3c-4d5e-8f70-a1b2c3d4e5f6", "10.0.2.12", "dc2", "rack1");
    public static final String TABLE_ID = "6c5b7a10e1f211ee9a4b0f1c2d3e4f50";
    public static final String TABLE_DIRECTORY = "orders-" + TABLE_ID;
    public static final String DATA_FILE = "nb-3-big-Data.db";
    public static final String AGENT_URL_1 = "http://10.0.1.11:8081";
    public static final String CASSANDRA_VERSION = "5.0.9";

    /** Where the examples' cluster keeps its backups: bucket prefix "backups", cluster "shop-prod". */
    public static final ObjectLayout LAYOUT = new ObjectLayout("backups", "shop-prod");

    /** The 16 tokens (num_tokens: 16) of each node, Murmur3Partitioner. */
    public static final List<String> TOKENS_1 = List.of(
            "-8531699129511414324",
            "-5757763313810287289",
            "-5424104304150091343",
            "-3881023613069443411",
            "-3428379579663223016",
            "-1509457273540090022",
            "585135223364038996",
            "750522153793611428",
            "1187385434856157239",
            "1577960769301841103",
            "2784249659845191438",
            "3357357195551156271",
            "7811114804498096593",
            "8258772313671944433",
            "8261657684473197624",
            "8785356068037452444");

    public static final List<String> TOKENS_2 = List.of(
            "-8024334048199057126",
            "-4720586066214327776",
            "-3693646940721862312",
            "-943842519274427104",
            "-807869008354140963",
            "220121936330067728",
            "3111093572218458760",
            "3602563658188735042",
            "3716871804974613007",
            "3996077508026646703",
            "4743413005406631124",
            "5872582635248635991",
            "5938464112725298995",
            "6920065358279733766",
            "7992424660898182485",
            "8857662617962200316");

    /** The schema of the backed-up keyspace as DESCRIBE KEYSPACE prints it (table options shortened). */
    public static final String SHOP_CQL = "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy',"
            + " 'dc1': '3', 'dc2': '3'}  AND durable_writes = true;\n\n"
            + "CREATE TABLE shop.customers (\n"
            + "    customer_id uuid PRIMARY KEY,\n"
            + "    email text,\n"
            + "    name text\n"
            + ") WITH compaction = {'class': 'org.apache.cassandra.db.compaction.UnifiedCompactionStrategy'}\n"
            + "    AND gc_grace_seconds = 864000;\n\n"
            + "CREATE TABLE shop.orders (\n"
            + "    customer_id uuid,\n"
            + "    order_id timeuuid,\n"
            + "    status text,\n"
            + "    total decimal,\n"
            + "    PRIMARY KEY (customer_id, order_id)\n"
            + ") WITH CLUSTERING ORDER BY (order_id DESC)\n"
            + "    AND compaction = {'class': 'org.apache.cassandra.db.compaction.UnifiedCompactionStrategy'}\n"
            + "    AND gc_grace_seconds = 864000;";

    public static final Map<String, String> SCHEMA = Map.of("shop", SHOP_CQL);

    public static final BackupRequested BACKUP = new BackupRequested(
            List.of("shop"),
            List.of("shop.orders", "shop.customers"),
            List.of("dc1", "dc2"),
            BackupMode.FULL,
            "nightly-scheduler");
    static final RestoreRequested RESTORE = new RestoreRequested(
            BACKUP_ID,
            List.of("shop"),
            List.of("shop.orders"),
            List.of("dc1", "dc2"),
            "alice@example.com",
            true,
            false,
            Map.of(NODE_1.hostId(), NODE_1.hostId(), NODE_2.hostId(), NODE_2.hostId()),
            "shop-prod");

    /**
     * A partial backup, accepted while node 2 was down: keyspace {@code audit} is replicated only to dc2
     * ({@code {'dc2': '1'}}), so no backed-up node holds any of its ranges: the whole ring, written from a token to
     * itself.
     */
    public static final BackupRequested PARTIAL_BACKUP = new BackupRequested(
            List.of("shop", "audit"), null, null, BackupMode.DIFFERENTIAL, "nightly-scheduler", true);

    public static final PartialBackup PARTIAL = new PartialBackup(
            List.of(NODE_2),
            List.of(new PartialBackup.KeyspaceRanges(
                    "audit",
                    1,
                    List.of(new PartialBackup.TokenRange("-8531699129511414324", "-8531699129511414324")))));

    private Examples() {}

    /**
     * A stand-in for the SHA-256 of an object's bytes in the examples: {@code sha256:} and the hex SHA-256 of its key,
     * so that it is stable and the same wherever the examples show that object.
     */
    public static String checksum(String objectKey) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(objectKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Examples with every optional field set; a type may have more than one (operation.accepted: backup and restore). */
    static List<Payload> full(MessageType type) {
        return switch (type) {
            case BACKUP_REQUESTED ->
                List.of(
                        BACKUP,
                        new BackupRequested(List.of("shop"), null, null, null, "schedule:nightly", null, "nightly"),
                        // An hourly incremental backup on top of the nightly one, switching incremental backups on
                        // where they are off.
                        new BackupRequested(
                                List.of("shop"),
                                null,
                                null,
                                BackupMode.INCREMENTAL,
                                "schedule:hourly",
                                null,
                                "hourly",
                                true,
                                BACKUP_ID,
                                false),
                        // A logical backup of one table as CSV, for cqlsh.
                        BackupRequested.logical(
                                List.of("shop"), List.of("shop.orders"), null, "alice@example.com", LogicalFormat.CSV));
            case RESTORE_REQUESTED ->
                List.of(
                        RESTORE,
                        POINT_IN_TIME,
                        // A dry run of a restore with a repair: the plan only, which says a repair would run.
                        new RestoreRequested(
                                BACKUP_ID,
                                List.of("shop"),
                                null,
                                null,
                                "alice@example.com",
                                null,
                                null,
                                null,
                                null,
                                true,
                                true),
                        // A logical backup restored into another keyspace, one table under another name, with up to
                        // 10 rows that may be rejected.
                        new RestoreRequested(
                                BACKUP_ID,
                                List.of("shop"),
                                null,
                                null,
                                "alice@example.com",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                Map.of("shop.orders", "shop_restored.orders_2026"),
                                Map.of("shop", "shop_restored"),
                                10L));
            case CANCEL_REQUESTED -> List.of(new CancelRequested(BACKUP_ID, "alice@example.com"));
            case VERIFY_REQUESTED ->
                List.of(VERIFY, new VerifyRequested(BACKUP_ID, null, "schedule:weekly-check", "weekly-check"));
            case DELETE_REQUESTED -> List.of(DELETE, new DeleteRequested(BACKUP_ID, null));
            case PURGE_REQUESTED -> List.of(PURGE, new PurgeRequested(null, null, null));
            case GC_REQUESTED -> List.of(GC, new GcRequested(null, "PT0S", true));
            case COPY_REQUESTED -> List.of(COPY);
            case TAKE_SNAPSHOT ->
                List.of(
                        new TakeSnapshot(
                                BACKUP_ID,
                                BACKUP.keyspaces(),
                                BACKUP.tables(),
                                BackupMode.FULL,
                                List.of(NODE_1, NODE_2)),
                        // An incremental backup whose base lacks node 2: node 2 takes a snapshot.
                        new TakeSnapshot(
                                BACKUP_ID,
                                BACKUP.keyspaces(),
                                BACKUP.tables(),
                                BackupMode.INCREMENTAL,
                                List.of(NODE_1, NODE_2),
                                List.of(NODE_2.hostId()),
                                true,
                                false),
                        // A logical backup in CSV: each node exports its primary ranges.
                        TakeSnapshot.logical(
                                BACKUP_ID,
                                List.of("shop"),
                                List.of("shop.orders"),
                                List.of(NODE_1, NODE_2),
                                LogicalFormat.CSV));
            case CLEAR_SNAPSHOT ->
                List.of(
                        new ClearSnapshot(BACKUP_ID, List.of(NODE_1, NODE_2)),
                        new ClearSnapshot(BACKUP_ID, List.of(NODE_1, NODE_2), true));
            case CANCEL_OPERATION -> List.of(new CancelOperation("cancelled by alice@example.com"));
            case FILE_READY ->
                List.of(new FileReady(
                        NODE_1,
                        "shop",
                        "orders",
                        TABLE_ID,
                        DATA_FILE,
                        73_400_320L,
                        BackupMode.FULL,
                        1,
                        TABLE_DIRECTORY,
                        AGENT_URL_1,
                        "/mnt/data2/cassandra/data/shop/" + TABLE_DIRECTORY + "/snapshots/" + BACKUP_ID + "/"
                                + DATA_FILE));
            case OPERATION_ACCEPTED ->
                List.of(
                        new OperationAccepted(
                                OperationKind.BACKUP,
                                MessageType.BACKUP_REQUESTED.type(),
                                "/ops/nightly-scheduler",
                                "kafka",
                                BACKUP.requestedBy(),
                                BACKUP,
                                null,
                                List.of(NODE_1, NODE_2)),
                        new OperationAccepted(
                                OperationKind.RESTORE,
                                MessageType.RESTORE_REQUESTED.type(),
                                "/ringvault/rest",
                                "rest",
                                RESTORE.requestedBy(),
                                null,
                                RESTORE,
                                List.of(NODE_1, NODE_2)),
                        new OperationAccepted(
                                OperationKind.BACKUP,
                                MessageType.BACKUP_REQUESTED.type(),
                                "/ops/nightly-scheduler",
                                "kafka",
                                PARTIAL_BACKUP.requestedBy(),
                                PARTIAL_BACKUP,
                                null,
                                List.of(NODE_1),
                                PARTIAL),
                        OperationAccepted.verify(
                                MessageType.VERIFY_REQUESTED.type(), "/ringvault/rest", "rest", VERIFY),
                        OperationAccepted.delete(
                                MessageType.DELETE_REQUESTED.type(), "/ringvault/rest", "rest", DELETE),
                        OperationAccepted.purge(
                                MessageType.PURGE_REQUESTED.type(), "/ringvault/rest", "rest", PURGE, PLAN),
                        OperationAccepted.gc(MessageType.GC_REQUESTED.type(), "/ringvault/rest", "rest", GC),
                        OperationAccepted.copy(MessageType.COPY_REQUESTED.type(), "/ringvault/rest", "rest", COPY),
                        new OperationAccepted(
                                OperationKind.BACKUP,
                                MessageType.BACKUP_REQUESTED.type(),
                                "/ringvault/coordinator/schedules",
                                "schedule",
                                "schedule:nightly",
                                SCHEDULE.backupRequest(),
                                null,
                                List.of(NODE_1, NODE_2)),
                        OperationAccepted.verify(
                                MessageType.VERIFY_REQUESTED.type(),
                                "/ringvault/coordinator/schedules",
                                "schedule",
                                new VerifyRequested(BACKUP_ID, true, "schedule:weekly-check", "weekly-check")));
            case REQUEST_REJECTED ->
                List.of(new RequestRejected(
                        FailureReason.UNKNOWN_KEYSPACE,
                        "keyspace 'shopp' does not exist in the cluster",
                        "kafka",
                        MessageType.BACKUP_REQUESTED.type(),
                        "/ops/nightly-scheduler",
                        "ringvault.requests-1@42"));
            case SNAPSHOT_TAKEN ->
                List.of(
                        new SnapshotTaken(NODE_1, 16, 268_435_456L, CASSANDRA_VERSION, TOKENS_1, SCHEMA),
                        new SnapshotTaken(
                                NODE_1,
                                3,
                                4_194_304L,
                                CASSANDRA_VERSION,
                                TOKENS_1,
                                SCHEMA,
                                true,
                                "incremental backups were off: switched on over JMX"),
                        // A node's part of a logical backup: chunk files of its primary ranges, and their rows.
                        new SnapshotTaken(
                                NODE_1,
                                4,
                                9_437_184L,
                                CASSANDRA_VERSION,
                                TOKENS_1,
                                SCHEMA,
                                null,
                                null,
                                Map.of("shop.orders", 182_304L, "shop.customers", 20_117L)));
            case FILE_STORED ->
                List.of(new FileStored(
                        NODE_1,
                        "shop",
                        "orders",
                        DATA_FILE,
                        LAYOUT.snapshotFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, BACKUP_ID, 0, DATA_FILE),
                        73_400_320L,
                        checksum(
                                LAYOUT.snapshotFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, BACKUP_ID, 0, DATA_FILE)),
                        false));
            case NODE_FAILED ->
                List.of(new NodeFailed(
                        NODE_2,
                        FailureReason.TIMEOUT,
                        "the node agent of node " + NODE_2.hostId() + " (10.0.2.12, dc2) did not answer within PT10M",
                        "coordinator"));
            case OPERATION_COMPLETED ->
                List.of(new OperationCompleted(OperationKind.BACKUP, 2, 32, 536_870_912L, 134_217_728L));
            case OPERATION_FAILED -> {
                Map<String, String> failures = new LinkedHashMap<>();
                failures.put(
                        NODE_2.hostId(),
                        "timeout: the node agent of node " + NODE_2.hostId()
                                + " (10.0.2.12, dc2) did not answer within PT10M");
                yield List.of(new OperationFailed(
                        FailureReason.TIMEOUT,
                        "1 node(s) stopped answering: " + NODE_2.hostId() + " (timeout: the node agent of node "
                                + NODE_2.hostId() + " (10.0.2.12, dc2) did not answer within PT10M)",
                        failures));
            }
            case OPERATION_CANCELLED ->
                List.of(new OperationCancelled("alice@example.com", "/ringvault/rest", List.of("shop.customers")));
            case START_RESTORE ->
                List.of(new StartRestore(RESTORE, "shop-prod"), new StartRestore(POINT_IN_TIME, "shop-prod"));
            case START_VERIFY -> List.of(new StartVerify(VERIFY, "shop-prod"));
            case START_DELETE -> List.of(new StartDelete(DELETE, "shop-prod"));
            case START_PURGE -> List.of(new StartPurge(PURGE, "shop-prod", List.of(PURGED), true));
            case PURGE_PROGRESS -> List.of(new PurgeProgress(false, 2, 7, 19, 117_440_512L));
            case PURGE_FINISHED ->
                List.of(
                        new PurgeFinished(
                                PurgeFinished.Outcome.COMPLETED,
                                true,
                                List.of(new PurgeFinished.Purged(
                                        PURGED_ID, Instant.parse("2026-01-10T02:04:11Z"), 19, 318_767_104L)),
                                19,
                                13,
                                318_767_104L,
                                3,
                                null,
                                null),
                        new PurgeFinished(
                                PurgeFinished.Outcome.FAILED,
                                false,
                                List.of(),
                                7,
                                13,
                                117_440_512L,
                                1,
                                FailureReason.STORAGE_FAILED,
                                "the object store failed deleting an object: access was denied"));
            case START_GC -> List.of(new StartGc(GC, "shop-prod", Instant.parse("2026-03-18T02:00:00.118Z"), false));
            case START_COPY -> List.of(new StartCopy(COPY, "shop-prod"));
            case COPY_PROGRESS -> List.of(new CopyProgress(10, 4, 32, 167_772_160L, 8_388_608L, 536_870_912L));
            case COPY_FINISHED ->
                List.of(
                        new CopyFinished(
                                CopyFinished.Outcome.COMPLETED,
                                "gcs-eu",
                                28,
                                4,
                                32,
                                528_482_304L,
                                8_388_608L,
                                536_870_912L,
                                null,
                                null),
                        new CopyFinished(
                                CopyFinished.Outcome.FAILED,
                                "gcs-eu",
                                6,
                                0,
                                32,
                                100_663_296L,
                                0,
                                536_870_912L,
                                FailureReason.CHECKSUM_MISMATCH,
                                "object " + LAYOUT.nodeFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, DATA_FILE)
                                        + " of node "
                                        + NODE_1.hostId()
                                        + " read from the source has SHA-256"
                                        + " sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,"
                                        + " its node manifest records"
                                        + " sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae:"
                                        + " nothing of it was written to the target"));
            case GC_PROGRESS -> List.of(new GcProgress(4_096, 12, 50_331_648L));
            case GC_FINISHED -> {
                String orphan = LAYOUT.nodeFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, "nb-9-big-Data.db");
                String node = LAYOUT.nodeManifest("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", NODE_1.hostId());
                yield List.of(
                        new GcFinished(
                                GcFinished.Outcome.COMPLETED,
                                false,
                                4_310,
                                4_281,
                                9,
                                20,
                                52_428_800L,
                                List.of(orphan, node),
                                null,
                                null),
                        new GcFinished(
                                GcFinished.Outcome.FAILED,
                                false,
                                1_024,
                                0,
                                0,
                                0,
                                0,
                                List.of(),
                                FailureReason.BACKUP_CORRUPT,
                                "backups/shop-prod/backups/3f6c1d2e-8b4a-4c7e-9a51-0d2e7b6f4a18/nodes/"
                                        + "5a1e2f3b-7c4d-4e8f-9a0b-1c2d3e4f5a6b.json is not a readable manifest:"
                                        + " nothing was deleted"));
            }
            case SCHEDULE_CREATE_REQUESTED -> List.of(SCHEDULE, VERIFY_SCHEDULE, CONTINUOUS_SCHEDULE);
            case SCHEDULE_PAUSE_REQUESTED -> List.of(new SchedulePauseRequested("nightly", "alice@example.com"));
            case SCHEDULE_RESUME_REQUESTED -> List.of(new ScheduleResumeRequested("nightly", "alice@example.com"));
            case SCHEDULE_DELETE_REQUESTED -> List.of(new ScheduleDeleteRequested("nightly", "alice@example.com"));
            case SCHEDULE_CREATED ->
                List.of(
                        new ScheduleCreated(SCHEDULE, "rest", "/ringvault/rest"),
                        new ScheduleCreated(VERIFY_SCHEDULE, "kafka", "/ops/console"),
                        new ScheduleCreated(CONTINUOUS_SCHEDULE, "rest", "/ringvault/rest"));
            case SCHEDULE_PAUSED -> List.of(new SchedulePaused("nightly", "alice@example.com"));
            case SCHEDULE_RESUMED -> List.of(new ScheduleResumed("nightly", "alice@example.com"));
            case SCHEDULE_DELETED -> List.of(new ScheduleDeleted("nightly", "alice@example.com"));
            case SCHEDULE_FIRED ->
                List.of(
                        ScheduleFired.accepted(
                                "nightly", Instant.parse("2026-03-14T01:00:00Z"), SCHEDULED_BACKUP_ID, true),
                        ScheduleFired.refused(
                                "nightly",
                                Instant.parse("2026-03-15T01:00:00Z"),
                                "739fa18d-0866-38cd-bff0-75bb2cf23f72",
                                FailureReason.BACKUP_IN_PROGRESS,
                                "backup " + BACKUP_ID + " is running",
                                false));
            case SCHEDULE_MISSED ->
                List.of(new ScheduleMissed(
                        "weekly-check",
                        3,
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-15T00:00:00Z")));
            case DELETE_PROGRESS -> List.of(new DeleteProgress(7, 19, 117_440_512L));
            case DELETE_FINISHED ->
                List.of(
                        new DeleteFinished(DeleteFinished.Outcome.COMPLETED, 19, 13, 318_767_104L, 3, null, null),
                        new DeleteFinished(
                                DeleteFinished.Outcome.FAILED,
                                7,
                                13,
                                117_440_512L,
                                1,
                                FailureReason.STORAGE_FAILED,
                                "the object store failed deleting an object: access was denied"));
            case VERIFY_PROGRESS -> List.of(new VerifyProgress(12, 32, 201_326_592L, 536_870_912L, 1));
            case VERIFY_FINISHED -> {
                String data = LAYOUT.nodeFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, DATA_FILE);
                String index = LAYOUT.nodeFile(NODE_1.hostId(), "shop", TABLE_DIRECTORY, "nb-3-big-Index.db");
                String filter = LAYOUT.nodeFile(NODE_2.hostId(), "shop", TABLE_DIRECTORY, "nb-3-big-Filter.db");
                yield List.of(
                        new VerifyFinished(
                                VerifyFinished.Outcome.COMPLETED,
                                true,
                                32,
                                32,
                                536_870_912L,
                                3,
                                List.of(
                                        new VerifyFinished.Problem(
                                                VerifyFinished.ProblemKind.CHECKSUM_MISMATCH,
                                                data,
                                                NODE_1,
                                                "shop",
                                                "orders",
                                                73_400_320L,
                                                null,
                                                checksum(data),
                                                checksum(data + " flipped"),
                                                "object " + data + " of node " + NODE_1.hostId()
                                                        + " (10.0.1.11, dc1), table shop.orders: SHA-256 "
                                                        + checksum(data + " flipped") + ", the manifest records "
                                                        + checksum(data)),
                                        new VerifyFinished.Problem(
                                                VerifyFinished.ProblemKind.SIZE_MISMATCH,
                                                index,
                                                NODE_1,
                                                "shop",
                                                "orders",
                                                1_048_576L,
                                                524_288L,
                                                null,
                                                null,
                                                "object " + index + " of node " + NODE_1.hostId()
                                                        + " (10.0.1.11, dc1), table shop.orders: 524288 bytes, the"
                                                        + " manifest records 1048576"),
                                        new VerifyFinished.Problem(
                                                VerifyFinished.ProblemKind.MISSING,
                                                filter,
                                                NODE_2,
                                                "shop",
                                                "orders",
                                                4_096L,
                                                null,
                                                null,
                                                null,
                                                "object " + filter + " of node " + NODE_2.hostId()
                                                        + " (10.0.2.12, dc2), table shop.orders: not in the store")),
                                null,
                                null),
                        new VerifyFinished(
                                VerifyFinished.Outcome.FAILED,
                                null,
                                12,
                                32,
                                201_326_592L,
                                0,
                                null,
                                FailureReason.STORAGE_FAILED,
                                "the object store failed reading " + data + ": access was denied"));
            }
            case RESTORE_PLANNED ->
                List.of(
                        new RestorePlanned(
                                BACKUP_ID,
                                List.of(
                                        new RestorePlanned.NodeMapping(
                                                NODE_1.hostId(),
                                                NODE_1,
                                                "same-host-id",
                                                14,
                                                262_144_000L,
                                                RestoreMethod.IMPORT),
                                        new RestorePlanned.NodeMapping(
                                                NODE_2.hostId(),
                                                NODE_2,
                                                "same-host-id",
                                                14,
                                                251_658_240L,
                                                RestoreMethod.IMPORT)),
                                List.of("shop.orders"),
                                28,
                                513_802_240L),
                        // A dry run, with a repair, into a cluster of one node: both backed-up nodes' files streamed
                        // from it.
                        new RestorePlanned(
                                BACKUP_ID,
                                List.of(
                                        new RestorePlanned.NodeMapping(
                                                NODE_1.hostId(),
                                                NODE_1,
                                                "same-host-id",
                                                14,
                                                262_144_000L,
                                                RestoreMethod.STREAM),
                                        new RestorePlanned.NodeMapping(
                                                NODE_2.hostId(),
                                                NODE_1,
                                                "datacenter",
                                                14,
                                                251_658_240L,
                                                RestoreMethod.STREAM)),
                                List.of("shop.orders"),
                                28,
                                513_802_240L,
                                true,
                                true),
                        // An incremental backup: the files of the backups it builds on come too.
                        new RestorePlanned(
                                BACKUP_ID,
                                List.of(new RestorePlanned.NodeMapping(
                                        NODE_1.hostId(),
                                        NODE_1,
                                        "same-host-id",
                                        17,
                                        266_338_304L,
                                        RestoreMethod.IMPORT)),
                                List.of("shop.orders"),
                                17,
                                266_338_304L,
                                null,
                                null,
                                List.of(
                                        "1c5e7a9b-3d2f-4b6a-8c0e-2a4c6e8a0b13",
                                        "5e7a9c1d-2b4f-4d6a-9e8c-0b2d4f6a8c35")),
                        // A logical backup: the restorer writes the rows through CQL into the whole cluster, one
                        // table renamed, into a keyspace created with replication fitted to this cluster's datacenter.
                        new RestorePlanned(
                                BACKUP_ID,
                                List.of(new RestorePlanned.NodeMapping(
                                        NODE_1.hostId() + "," + NODE_2.hostId(),
                                        new NodeRef("cql", null, NODE_1.datacenter(), null),
                                        "cql",
                                        4,
                                        8_388_608L,
                                        RestoreMethod.CQL)),
                                List.of("shop_restored.orders_2026"),
                                4,
                                8_388_608L,
                                null,
                                null,
                                null,
                                List.of(new RestorePlanned.LogicalTable(
                                        "shop.orders", "shop_restored.orders_2026", 4, 8_388_608L, 120_000L)),
                                Map.of(
                                        "shop_restored",
                                        "{'class': 'NetworkTopologyStrategy', '" + NODE_1.datacenter() + "': '1'}")));
            case RESTORE_PROGRESS ->
                List.of(
                        new RestoreProgress(
                                NODE_1,
                                "shop",
                                "orders",
                                RestorePhase.DOWNLOADING,
                                6,
                                14,
                                104_857_600L,
                                262_144_000L,
                                52_428_800L,
                                3L,
                                null,
                                null),
                        new RestoreProgress(
                                NODE_2,
                                "shop",
                                "orders",
                                RestorePhase.FAILED,
                                3,
                                14,
                                50_331_648L,
                                251_658_240L,
                                null,
                                null,
                                FailureReason.CHECKSUM_MISMATCH,
                                "file nb-3-big-Data.db of backup " + BACKUP_ID + " does not match its checksum"),
                        // A logical restore: the cluster as a whole writes the rows of the table's chunk files.
                        new RestoreProgress(
                                new NodeRef("cql", null, NODE_1.datacenter(), null),
                                "shop",
                                "orders",
                                RestorePhase.IMPORTING,
                                2,
                                4,
                                4_194_304L,
                                8_388_608L,
                                null,
                                null,
                                null,
                                null,
                                60_000L));
            case RESTORE_FINISHED ->
                List.of(new RestoreFinished(
                        RestoreFinished.Outcome.FAILED,
                        List.of("shop.customers"),
                        FailureReason.CHECKSUM_MISMATCH,
                        "file " + DATA_FILE + " of backup " + BACKUP_ID + " does not match its checksum"));
        };
    }

    /** Examples with only the fields the contract requires (what a minimal writer sends). */
    static Payload minimal(MessageType type) {
        NodeRef node = new NodeRef("5a1e2f3b-7c4d-4e8f-9a0b-1c2d3e4f5a6b", null, "dc1", null);
        return switch (type) {
            case BACKUP_REQUESTED -> new BackupRequested(List.of("shop"), null, null, null, null);
            case RESTORE_REQUESTED -> new RestoreRequested(BACKUP_ID, null, null, null);
            case CANCEL_REQUESTED -> new CancelRequested(BACKUP_ID, null);
            case VERIFY_REQUESTED -> new VerifyRequested(BACKUP_ID, null, null);
            case DELETE_REQUESTED -> new DeleteRequested(BACKUP_ID, null);
            case PURGE_REQUESTED -> new PurgeRequested(null, null, null);
            case GC_REQUESTED -> new GcRequested(null, null, null);
            case COPY_REQUESTED -> new CopyRequested(BACKUP_ID, "gcs-eu", null);
            case TAKE_SNAPSHOT -> new TakeSnapshot(BACKUP_ID, null, null, null, List.of(node));
            case CLEAR_SNAPSHOT -> new ClearSnapshot(BACKUP_ID, null);
            case CANCEL_OPERATION -> new CancelOperation(null);
            case FILE_READY -> new FileReady(node, "shop", "orders", null, DATA_FILE, 0, null, null, null, null, null);
            case OPERATION_ACCEPTED ->
                new OperationAccepted(
                        OperationKind.RESTORE,
                        MessageType.RESTORE_REQUESTED.type(),
                        null,
                        null,
                        null,
                        null,
                        new RestoreRequested(BACKUP_ID, null, null, null),
                        null);
            case REQUEST_REJECTED ->
                new RequestRejected(
                        FailureReason.MALFORMED_JSON, "the message is not a JSON object", null, null, null, null);
            case SNAPSHOT_TAKEN -> new SnapshotTaken(node, 0, 0, null, null, null);
            case FILE_STORED -> new FileStored(node, null, null, DATA_FILE, "k/" + DATA_FILE, 0, null, true);
            case NODE_FAILED -> new NodeFailed(node, FailureReason.SNAPSHOT_FAILED, "nodetool snapshot failed", null);
            case OPERATION_COMPLETED -> new OperationCompleted(OperationKind.RESTORE, 0, 0, 0, 0);
            case OPERATION_FAILED -> new OperationFailed(FailureReason.TIMEOUT, "no node answered", null);
            case OPERATION_CANCELLED -> new OperationCancelled(null, null);
            case START_RESTORE -> new StartRestore(new RestoreRequested(BACKUP_ID, null, null, null), "shop-prod");
            case RESTORE_PLANNED -> new RestorePlanned(BACKUP_ID, null, null, 0, 0);
            case RESTORE_PROGRESS ->
                new RestoreProgress(node, "shop", "orders", RestorePhase.PLANNING, 0, 0, 0, 0, null, null, null, null);
            case RESTORE_FINISHED -> new RestoreFinished(RestoreFinished.Outcome.COMPLETED, null, null, null);
            case START_VERIFY -> new StartVerify(new VerifyRequested(BACKUP_ID, null, null), "shop-prod");
            case VERIFY_PROGRESS -> new VerifyProgress(0, 0, 0, 0, 0);
            case VERIFY_FINISHED ->
                new VerifyFinished(VerifyFinished.Outcome.COMPLETED, null, 0, 0, 0, 0, null, null, null);
            case START_DELETE -> new StartDelete(new DeleteRequested(BACKUP_ID, null), "shop-prod");
            case SCHEDULE_CREATE_REQUESTED ->
                new ScheduleCreateRequested(
                        "nightly", "0 2 * * *", null, List.of("shop"), null, null, null, null, null, null, null, null);
            case SCHEDULE_PAUSE_REQUESTED -> new SchedulePauseRequested("nightly", null);
            case SCHEDULE_RESUME_REQUESTED -> new ScheduleResumeRequested("nightly", null);
            case SCHEDULE_DELETE_REQUESTED -> new ScheduleDeleteRequested("nightly", null);
            case SCHEDULE_CREATED ->
                new ScheduleCreated(
                        new ScheduleCreateRequested(
                                "nightly",
                                "0 2 * * *",
                                null,
                                List.of("shop"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        null,
                        null);
            case SCHEDULE_PAUSED -> new SchedulePaused("nightly", null);
            case SCHEDULE_RESUMED -> new ScheduleResumed("nightly", null);
            case SCHEDULE_DELETED -> new ScheduleDeleted("nightly", null);
            case SCHEDULE_FIRED ->
                new ScheduleFired(
                        "nightly", Instant.parse("2026-03-14T01:00:00Z"), SCHEDULED_BACKUP_ID, null, null, null);
            case SCHEDULE_MISSED ->
                new ScheduleMissed(
                        "nightly", 1, Instant.parse("2026-03-14T01:00:00Z"), Instant.parse("2026-03-14T01:00:00Z"));
            case DELETE_PROGRESS -> new DeleteProgress(0, 0, 0);
            case DELETE_FINISHED -> new DeleteFinished(DeleteFinished.Outcome.COMPLETED, 0, 0, 0, 0, null, null);
            case START_PURGE -> new StartPurge(new PurgeRequested(null, null, null), "shop-prod", null, false);
            case PURGE_PROGRESS -> new PurgeProgress(false, 0, 0, 0, 0);
            case PURGE_FINISHED ->
                new PurgeFinished(PurgeFinished.Outcome.COMPLETED, false, null, 0, 0, 0, 0, null, null);
            case START_GC -> new StartGc(new GcRequested(null, null, null), "shop-prod", Instant.EPOCH, false);
            case GC_PROGRESS -> new GcProgress(0, 0, 0);
            case GC_FINISHED -> new GcFinished(GcFinished.Outcome.COMPLETED, false, 0, 0, 0, 0, 0, null, null, null);
            case START_COPY -> new StartCopy(new CopyRequested(BACKUP_ID, "gcs-eu", null), "shop-prod");
            case COPY_PROGRESS -> new CopyProgress(0, 0, 0, 0, 0, 0);
            case COPY_FINISHED ->
                new CopyFinished(CopyFinished.Outcome.COMPLETED, "gcs-eu", 0, 0, 0, 0, 0, 0, null, null);
        };
    }

    /**
     * One complete envelope per type, as the documentation shows them: events around one backup (and a restore of it),
     * with the ids, sources, subjects and times each sender would write.
     */
    static Envelope<Payload> documented(MessageType type) {
        Payload data = full(type).get(0);
        String node1 = "/ringvault/node-agent/" + NODE_1.hostId();
        return switch (type) {
            case BACKUP_REQUESTED ->
                envelope(BACKUP_ID, "/ops/nightly-scheduler", type, "2026-03-14T02:00:00Z", null, data);
            case RESTORE_REQUESTED -> envelope(RESTORE_ID, "/ops/console", type, "2026-03-15T09:30:00Z", null, data);
            case CANCEL_REQUESTED -> envelope(CANCEL_ID, "/ops/console", type, "2026-03-14T02:05:00Z", null, data);
            case VERIFY_REQUESTED -> envelope(VERIFY_ID, "/ringvault/rest", type, "2026-03-16T08:00:00Z", null, data);
            case DELETE_REQUESTED -> envelope(DELETE_ID, "/ringvault/rest", type, "2026-03-17T08:00:00Z", null, data);
            case PURGE_REQUESTED -> envelope(PURGE_ID, "/ringvault/rest", type, "2026-03-18T08:00:00Z", null, data);
            case GC_REQUESTED -> envelope(GC_ID, "/ringvault/rest", type, "2026-03-18T08:00:00Z", null, data);
            case COPY_REQUESTED -> envelope(COPY_ID, "/ringvault/rest", type, "2026-03-19T08:00:00Z", null, data);
            case TAKE_SNAPSHOT ->
                envelope(
                        "0b7d3f5a-1c9e-4b2d-8f6a-3e5c7a9b1d20",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:00:01.215Z",
                        BACKUP_ID,
                        data);
            case CLEAR_SNAPSHOT ->
                envelope(
                        "6e2a8c4f-0d1b-4f3a-9e7c-5b8d2f6a0c49",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:14:33.902Z",
                        BACKUP_ID,
                        data);
            case CANCEL_OPERATION ->
                envelope(
                        "2c8f6a0e-4b1d-4d7a-a3e5-9f1b7d5c3a82",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:05:00.317Z",
                        BACKUP_ID,
                        data);
            case FILE_READY ->
                envelope(
                        "7a3e9c1f-5d2b-4e8a-b6f0-4c2a8e6d0b57",
                        node1,
                        type,
                        "2026-03-14T02:00:04.088Z",
                        BACKUP_ID,
                        data);
            case OPERATION_ACCEPTED ->
                envelope(
                        "f0c2e4a6-8b1d-4f3e-a5c7-9d1b3f5e7a90",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:00:01.201Z",
                        BACKUP_ID,
                        data);
            case REQUEST_REJECTED ->
                envelope(
                        "a8c0e2f4-6b9d-4a1c-83e5-7f9b1d3a5c72",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T03:00:00.412Z",
                        REJECTED_ID,
                        data);
            case SNAPSHOT_TAKEN ->
                envelope(
                        "4d6f8b0a-2c5e-4a7c-9e1b-3f5d7b9a1c64",
                        node1,
                        type,
                        "2026-03-14T02:00:04.511Z",
                        BACKUP_ID,
                        data);
            case FILE_STORED ->
                envelope(
                        "b3d5f7a9-1e4c-4b6e-8a0d-2c4e6a8b0d31",
                        "/ringvault/uploader/uploader-0",
                        type,
                        "2026-03-14T02:03:12.774Z",
                        BACKUP_ID,
                        data);
            case NODE_FAILED ->
                envelope(
                        "5f7b9d1c-3a6e-4c8a-b2d4-6e8a0c2f4b15",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:10:01.006Z",
                        BACKUP_ID,
                        data);
            case OPERATION_COMPLETED ->
                envelope(
                        "9e1c3a5f-7b0d-4e2c-a4f6-8b0d2f4a6c38",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:14:33.918Z",
                        BACKUP_ID,
                        data);
            case OPERATION_FAILED ->
                envelope(
                        "1a3c5e7b-9d2f-4b4d-86a8-0c2e4b6d8f53",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:10:01.021Z",
                        BACKUP_ID,
                        data);
            case OPERATION_CANCELLED ->
                envelope(
                        "8b0d2f4a-6c9e-4d1b-a3c5-7e9a1c3e5b06",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T02:05:00.329Z",
                        BACKUP_ID,
                        data);
            case START_RESTORE ->
                envelope(
                        "3e5a7c9b-1d4f-4a6c-8e0b-2d4f6a8c0e19",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-15T09:30:00.412Z",
                        RESTORE_ID,
                        data);
            case RESTORE_PLANNED ->
                envelope(
                        "6a8c0e2b-4d7f-4c9e-a1b3-5f7d9b1e3a47",
                        "/ringvault/restorer",
                        type,
                        "2026-03-15T09:30:01.733Z",
                        RESTORE_ID,
                        data);
            case RESTORE_PROGRESS ->
                envelope(
                        "d2f4a6c8-0e3b-4d5f-97a9-1c3e5a7c9e02",
                        "/ringvault/restorer",
                        type,
                        "2026-03-15T09:30:04.058Z",
                        RESTORE_ID,
                        data);
            case RESTORE_FINISHED ->
                envelope(
                        "0c2e4a6d-8f1b-4e3d-b5f7-9a1c3e5b7d24",
                        "/ringvault/restorer",
                        type,
                        "2026-03-15T09:31:12.905Z",
                        RESTORE_ID,
                        data);
            case START_VERIFY ->
                envelope(
                        "7c1e3a5b-9d2f-4e6a-8b0c-4f6a8c0e2b93",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-16T08:00:00.208Z",
                        VERIFY_ID,
                        data);
            case VERIFY_PROGRESS ->
                envelope(
                        "1a3c5e7b-9f2d-4b6e-8c0a-2e4c6a8e0b35",
                        "/ringvault/restorer",
                        type,
                        "2026-03-16T08:00:02.611Z",
                        VERIFY_ID,
                        data);
            case VERIFY_FINISHED ->
                envelope(
                        "5e7a9c1d-3b6f-4d8a-a0c2-6e8a0c2e4b71",
                        "/ringvault/restorer",
                        type,
                        "2026-03-16T08:00:09.344Z",
                        VERIFY_ID,
                        data);
            case START_DELETE ->
                envelope(
                        "3d5f7b9e-1a4c-4e8b-9c2d-6f8a0b2c4e15",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-17T08:00:00.211Z",
                        DELETE_ID,
                        data);
            case DELETE_PROGRESS ->
                envelope(
                        "9b1d3f5a-7c2e-4a6b-8d0f-1e3a5c7e9b24",
                        "/ringvault/restorer",
                        type,
                        "2026-03-17T08:00:01.734Z",
                        DELETE_ID,
                        data);
            case DELETE_FINISHED ->
                envelope(
                        "e5a7c9b1-3d6f-4b8e-a2c4-8f0a2c4e6d93",
                        "/ringvault/restorer",
                        type,
                        "2026-03-17T08:00:04.512Z",
                        DELETE_ID,
                        data);
            case START_PURGE ->
                envelope(
                        "7a9c1e3f-5b2d-4c8e-a0f2-4b6d8f0a2c36",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-18T08:00:00.198Z",
                        PURGE_ID,
                        data);
            case PURGE_PROGRESS ->
                envelope(
                        "5e7a9c1b-3d4f-4a6c-8e0b-2d4f6a8c0e57",
                        "/ringvault/restorer",
                        type,
                        "2026-03-18T08:00:01.512Z",
                        PURGE_ID,
                        data);
            case PURGE_FINISHED ->
                envelope(
                        "b3d5f7a9-1c2e-4b8d-9f0a-6c8e0a2c4e71",
                        "/ringvault/restorer",
                        type,
                        "2026-03-18T08:00:04.903Z",
                        PURGE_ID,
                        data);
            case START_GC ->
                envelope(
                        "6f8b0d2a-4c7e-4a9b-8e1d-3a5c7e9b1d48",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-18T08:00:00.118Z",
                        GC_ID,
                        data);
            case GC_PROGRESS ->
                envelope(
                        "1a3c5e7b-9d2f-4b6a-8c0e-2f4a6c8e0b35",
                        "/ringvault/restorer",
                        type,
                        "2026-03-18T08:00:02.402Z",
                        GC_ID,
                        data);
            case GC_FINISHED ->
                envelope(
                        "8e0a2c4f-6b1d-4d3f-a5c7-9b1d3f5a7c26",
                        "/ringvault/restorer",
                        type,
                        "2026-03-18T08:00:06.955Z",
                        GC_ID,
                        data);
            case START_COPY ->
                envelope(
                        "2e4a6c8f-0b3d-4f5a-8c7e-1d3f5b7d9a42",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-19T08:00:00.214Z",
                        COPY_ID,
                        data);
            case COPY_PROGRESS ->
                envelope(
                        "7a9c1e3b-5d8f-4b0a-9e2c-4f6b8d0a2c57",
                        "/ringvault/restorer",
                        type,
                        "2026-03-19T08:00:05.377Z",
                        COPY_ID,
                        data);
            case COPY_FINISHED ->
                envelope(
                        "c3e5a7b9-1d4f-4a6c-8b0e-5a7c9e1b3d68",
                        "/ringvault/restorer",
                        type,
                        "2026-03-19T08:00:14.812Z",
                        COPY_ID,
                        data);
            case SCHEDULE_CREATE_REQUESTED,
                    SCHEDULE_PAUSE_REQUESTED,
                    SCHEDULE_RESUME_REQUESTED,
                    SCHEDULE_DELETE_REQUESTED ->
                envelope(
                        "c1e3a5b7-9d0f-4a2c-8e4b-6d8f0a2c4e91",
                        "/ringvault/rest",
                        type,
                        "2026-03-13T16:00:00Z",
                        null,
                        data);
            case SCHEDULE_CREATED,
                    SCHEDULE_PAUSED,
                    SCHEDULE_RESUMED,
                    SCHEDULE_DELETED,
                    SCHEDULE_FIRED,
                    SCHEDULE_MISSED ->
                envelope(
                        "4b6d8f0a-2c3e-4f5a-9b7d-1e3f5a7c9b20",
                        "/ringvault/coordinator",
                        type,
                        "2026-03-14T01:00:00.118Z",
                        SCHEDULE_KEY,
                        data);
        };
    }

    private static Envelope<Payload> envelope(
            String id, String source, MessageType type, String time, String subject, Payload data) {
        return new Envelope<>(id, source, type, Instant.parse(time), subject, data);
    }
}

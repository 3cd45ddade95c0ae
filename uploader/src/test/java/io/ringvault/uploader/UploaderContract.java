package io.ringvault.uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Envelope;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.FileReady;
import io.ringvault.common.message.FileStored;
import io.ringvault.common.message.NodeFailed;
import io.ringvault.common.message.Payload;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StoredObject;
import io.ringvault.uploader.UploaderHarness.SnapshotFile;
import io.ringvault.uploader.upload.CancelledBackups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The uploader in-process on the real stack, fed by {@code file.ready} events and a node agent stub, checked on data:
 * objects byte-identical to the files, checksums equal to digests computed here. Run once per object store backend.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class UploaderContract {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    ObjectStore store;
    String backupId;

    @Autowired
    CancelledBackups cancels;

    abstract UploaderHarness harness();

    /** What an abandoned upload of {@code key} left in the store: partial files, multipart uploads still open. */
    abstract List<String> leftBehind(String key) throws Exception;

    @BeforeEach
    void openStore() {
        store = harness().openStore();
        backupId = "backup-" + UUID.randomUUID();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldStoreEveryFileByteIdenticalWithItsChecksum() {
        List<SnapshotFile> files = List.of(
                harness().createFile(backupId, "shop", "orders", "nb-1-big-Data.db", 12 * 1024 * 1024 + 7),
                harness().createFile(backupId, "shop", "orders", "nb-1-big-Index.db", 300 * 1024),
                harness().createFile(backupId, "shop", "orders", "nb-1-big-TOC.txt", 92),
                harness().createFile(backupId, "shop", "orders", "nb-1-big-Filter.db", 0));
        files.forEach(file -> harness().publish(backupId, harness().fileReady(file, BackupMode.DIFFERENTIAL, false)));

        List<FileStored> stored = awaitStored(backupId, files.size());

        for (SnapshotFile file : files) {
            FileStored event = only(stored, file);
            assertThat(event.reused()).isFalse();
            assertThat(event.objectKey()).isEqualTo(harness().expectedKey(file));
            assertThat(event.size()).isEqualTo(file.size());
            assertThat(event.checksum()).isEqualTo(file.sha256());
            assertThat(event.node()).isEqualTo(harness().node);
            assertThat(UploaderHarness.sha256(store.get(event.objectKey(), 0))).isEqualTo(file.sha256());
            assertThat(store.head(event.objectKey()))
                    .contains(new StoredObject(event.objectKey(), file.size(), file.sha256()));
        }
        assertThat(harness().agent.requests(backupId)).hasSize(files.size());
    }

    @Test
    void shouldReuseStoredFilesInADifferentialBackupWithoutDownloadingThem() {
        String first = backupId;
        List<SnapshotFile> files = List.of(
                harness().createFile(first, "shop", "customers", "nb-2-big-Data.db", 6 * 1024 * 1024),
                harness().createFile(first, "shop", "customers", "nb-2-big-Index.db", 4096));
        files.forEach(file -> harness().publish(first, harness().fileReady(file, BackupMode.DIFFERENTIAL, false)));
        awaitStored(first, files.size());

        assertReusedByADifferentialBackup(files);
    }

    @Test
    void shouldReuseWhatTheNodesPreviousManifestRecordsWithoutLookingEachFileUp() {
        String first = backupId;
        List<SnapshotFile> files = List.of(
                harness().createFile(first, "archive", "events", "nb-5-big-Data.db", 3 * 1024 * 1024 + 1),
                harness().createFile(first, "archive", "events", "nb-5-big-Index.db", 2048),
                harness().createFile(first, "archive", "events", "nb-5-big-TOC.txt", 80));
        files.forEach(file -> harness().publish(first, harness().fileReady(file, BackupMode.DIFFERENTIAL, false)));
        completeBackup(first, awaitStored(first, files.size()));
        double answeredByManifest = lookups("manifest");

        assertReusedByADifferentialBackup(files);
        // Answered by the table's listing and the first backup's node manifest, not by a HeadObject per file.
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(lookups("manifest") - answeredByManifest).isEqualTo(files.size()));
    }

    @Test
    void shouldUploadAgainAFileThePreviousManifestRecordsButTheStoreNoLongerHolds() {
        String first = backupId;
        SnapshotFile file = harness().createFile(first, "archive", "expired", "nb-6-big-Data.db", 1024 * 1024 + 3);
        harness().publish(first, harness().fileReady(file, BackupMode.DIFFERENTIAL, false));
        FileStored stored = awaitStored(first, 1).get(0);
        completeBackup(first, List.of(stored));
        store.delete(stored.objectKey()); // a bucket lifecycle rule expired it

        String second = "backup-" + UUID.randomUUID();
        SnapshotFile again = harness().inBackup(file, second);
        harness().publish(second, harness().fileReady(again, BackupMode.DIFFERENTIAL, false));

        FileStored event = awaitStored(second, 1).get(0);
        assertThat(event.reused()).isFalse();
        assertThat(event.checksum()).isEqualTo(file.sha256());
        assertThat(UploaderHarness.sha256(store.get(event.objectKey(), 0))).isEqualTo(file.sha256());
        assertThat(harness().agent.requests(second)).hasSize(1);
    }

    /** A differential backup of {@code files} again: every one reused with its checksum, none downloaded. */
    private void assertReusedByADifferentialBackup(List<SnapshotFile> files) {
        String second = "backup-" + UUID.randomUUID();
        List<SnapshotFile> again =
                files.stream().map(file -> harness().inBackup(file, second)).toList();
        again.forEach(file -> harness().publish(second, harness().fileReady(file, BackupMode.DIFFERENTIAL, false)));

        List<FileStored> reused = awaitStored(second, again.size());
        for (SnapshotFile file : again) {
            FileStored event = only(reused, file);
            assertThat(event.reused()).isTrue();
            assertThat(event.checksum()).isEqualTo(file.sha256());
            assertThat(event.objectKey()).isEqualTo(harness().expectedKey(file));
        }
        assertThat(harness().agent.requests(second)).isEmpty();
    }

    /** What the coordinator writes once backup {@code backup} of {@code stored} completes: node manifest, then index. */
    private void completeBackup(String backup, List<FileStored> stored) {
        JsonMapper json = new CloudEventCodec().mapper();
        ObjectLayout layout = harness().layout();
        List<NodeManifest.File> files = stored.stream()
                .map(f -> new NodeManifest.File(
                        f.keyspace(), f.table(), f.fileName(), f.objectKey(), f.size(), f.checksum(), f.reused()))
                .toList();
        store.put(
                layout.nodeManifest(backup, harness().node.hostId()),
                json.writeValueAsBytes(
                        new NodeManifest(backup, harness().node, "5.0.6", List.of(), Map.of(), files, Instant.now())));
        BackupIndex index = store.getSmall(layout.index())
                .map(bytes -> json.readValue(bytes, BackupIndex.class))
                .orElseGet(() -> new BackupIndex(null));
        List<String> keyspaces =
                stored.stream().map(FileStored::keyspace).distinct().toList();
        store.put(
                layout.index(),
                json.writeValueAsBytes(index.with(new BackupIndex.Entry(
                        backup,
                        Instant.now(),
                        keyspaces,
                        List.of("dc1"),
                        1,
                        files.size(),
                        files.stream().mapToLong(NodeManifest.File::size).sum(),
                        layout.backupManifest(backup),
                        BackupMode.DIFFERENTIAL,
                        List.of(),
                        Instant.now()))));
    }

    private double lookups(String answeredBy) {
        Counter counter =
                meters.find("ringvault.uploader.lookups").tag("by", answeredBy).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldUploadAgainInAFullBackup() {
        String first = backupId;
        SnapshotFile file = harness().createFile(first, "shop", "items", "nb-3-big-Data.db", 2 * 1024 * 1024);
        harness().publish(first, harness().fileReady(file, BackupMode.DIFFERENTIAL, false));
        awaitStored(first, 1);

        String second = "backup-" + UUID.randomUUID();
        SnapshotFile again = harness().inBackup(file, second);
        harness().publish(second, harness().fileReady(again, BackupMode.FULL, false));

        FileStored event = awaitStored(second, 1).get(0);
        assertThat(event.reused()).isFalse();
        assertThat(event.checksum()).isEqualTo(file.sha256());
        assertThat(harness().agent.requests(second)).hasSize(1);
        assertThat(UploaderHarness.sha256(store.get(event.objectKey(), 0))).isEqualTo(file.sha256());
    }

    @Test
    void shouldReportTheNodeFailedWhenTheAgentRefusesTheToken() {
        SnapshotFile file = harness().createFile(backupId, "shop", "refused", "nb-4-big-Data.db", 1024);
        harness().agent.rotateTokenFor(backupId);
        harness().publish(backupId, harness().fileReady(file, BackupMode.DIFFERENTIAL, false));

        NodeFailed failed = awaitFailed(backupId);
        assertThat(failed.node()).isEqualTo(harness().node);
        assertThat(failed.reason().code()).isEqualTo("upload-failed");
        assertThat(failed.reportedBy()).isEqualTo("uploader");
        assertThat(failed.detail()).contains(file.fileName(), backupId, "401").doesNotContain(harness().agentToken);
        assertThat(store.head(harness().expectedKey(file))).isEmpty();
        // A refused token is not worth a retry.
        assertThat(harness().agent.requests(backupId)).hasSize(1);
    }

    @Test
    void shouldReportTheNodeFailedWhenTheFileVanished() {
        SnapshotFile file = harness().createFile(backupId, "shop", "vanished", "nb-5-big-Data.db", 1024);
        FileReady ready = harness().fileReady(file, BackupMode.DIFFERENTIAL, false);
        deleteFile(file);
        harness().publish(backupId, ready);

        NodeFailed failed = awaitFailed(backupId);
        assertThat(failed.detail()).contains(file.fileName(), backupId, "404");
        assertThat(store.head(harness().expectedKey(file))).isEmpty();
        assertThat(harness().agent.requests(backupId)).hasSize(1);
    }

    /** {@code announced} as an agent would announce it had the file had {@code size} bytes. */
    private static FileReady withSize(FileReady announced, long size) {
        return new FileReady(
                announced.node(),
                announced.keyspace(),
                announced.table(),
                announced.tableId(),
                announced.fileName(),
                size,
                announced.mode(),
                announced.dataDirectory(),
                announced.tableDirectory(),
                announced.agentUrl(),
                announced.localPath());
    }

    @Test
    void shouldReportTheNodeFailedWhenTheFileChangedSize() {
        SnapshotFile file = harness().createFile(backupId, "shop", "changed", "nb-6-big-Data.db", 1024);
        FileReady announced = harness().fileReady(file, BackupMode.DIFFERENTIAL, false);
        FileReady wrongSize = withSize(announced, 1000);
        harness().publish(backupId, wrongSize);

        NodeFailed failed = awaitFailed(backupId);
        assertThat(failed.detail()).contains(file.fileName(), backupId, "changed");
        assertThat(store.head(harness().expectedKey(file))).isEmpty();
    }

    @Test
    void shouldResumeADownloadThatDropsHalfWay() {
        SnapshotFile file = harness().createFile(backupId, "shop", "resumed", "nb-7-big-Data.db", 11 * 1024 * 1024);
        harness().agent.dropOnce(file.fileName());
        harness().publish(backupId, harness().fileReady(file, BackupMode.FULL, false));

        FileStored event = awaitStored(backupId, 1).get(0);
        assertThat(event.checksum()).isEqualTo(file.sha256());
        assertThat(UploaderHarness.sha256(store.get(event.objectKey(), 0))).isEqualTo(file.sha256());
        assertThat(harness().agent.requests(backupId))
                .extracting(AgentStub.Request::range)
                .hasSize(2)
                .first()
                .isNull();
        assertThat(harness().agent.requests(backupId).get(1).range())
                .startsWith("bytes=")
                .doesNotEndWith("=0-");
    }

    @Test
    void shouldReadTheLocalFileWhenDirectReadIsOn() {
        SnapshotFile file = harness().createFile(backupId, "shop", "local", "nb-8-big-Data.db", 700 * 1024);
        harness().publish(backupId, harness().fileReady(file, BackupMode.FULL, true));

        FileStored event = awaitStored(backupId, 1).get(0);
        assertThat(event.checksum()).isEqualTo(file.sha256());
        assertThat(UploaderHarness.sha256(store.get(event.objectKey(), 0))).isEqualTo(file.sha256());
        assertThat(harness().agent.requests(backupId)).isEmpty();
    }

    @Test
    void shouldReportTheNodeFailedWhenTheLocalFileHasAnotherSizeThanAnnounced() {
        SnapshotFile file = harness().createFile(backupId, "shop", "localchanged", "nb-9-big-Data.db", 1024);
        FileReady announced = harness().fileReady(file, BackupMode.FULL, true);
        FileReady wrongSize = withSize(announced, 1000);
        harness().publish(backupId, wrongSize);

        NodeFailed failed = awaitFailed(backupId);
        assertThat(failed.detail()).contains(file.fileName(), backupId, "is 1024 bytes", "announced 1000", "changed");
        assertThat(store.head(harness().expectedKey(file))).isEmpty();
        assertThat(harness().agent.requests(backupId)).isEmpty();
    }

    @Test
    void shouldStoreARedeliveredFileCorrectly() {
        SnapshotFile file = harness().createFile(backupId, "shop", "twice", "nb-9-big-Data.db", 6 * 1024 * 1024 + 1);
        FileReady ready = harness().fileReady(file, BackupMode.FULL, false);
        harness().publish(backupId, ready);
        harness().publish(backupId, ready);

        List<FileStored> stored = awaitStored(backupId, 2);
        assertThat(stored).extracting(FileStored::checksum).containsOnly(file.sha256());
        assertThat(UploaderHarness.sha256(store.get(harness().expectedKey(file), 0)))
                .isEqualTo(file.sha256());
        assertThat(store.head(harness().expectedKey(file)).orElseThrow().checksum())
                .isEqualTo(file.sha256());
    }

    @Test
    void shouldSendAnUnreadableRecordToTheDeadLetterTopicAndGoOn() {
        harness().publishRaw("garbage-" + backupId, "not json".getBytes(StandardCharsets.UTF_8));
        SnapshotFile file = harness().createFile(backupId, "shop", "after", "nb-10-big-Data.db", 100);
        harness().publish(backupId, harness().fileReady(file, BackupMode.FULL, false));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(harness().deadLetters())
                        .filteredOn(record -> ("garbage-" + backupId).equals(record.key()))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(new String(record.value(), StandardCharsets.UTF_8))
                                    .isEqualTo("not json");
                            assertThat(new String(
                                            record.headers()
                                                    .lastHeader("ringvault.rejection.reason")
                                                    .value(),
                                            StandardCharsets.UTF_8))
                                    .isEqualTo("malformed-json");
                        }));
        assertThat(awaitStored(backupId, 1).get(0).checksum()).isEqualTo(file.sha256());
    }

    @Test
    void shouldShareTheFilesOfOneBackupBetweenTwoInstances() throws Exception {
        Map<String, String> properties = harness().properties("second");
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(UploaderApplication.class).run(args.toArray(String[]::new))) {
            awaitTwoMembersWithPartitions();

            // One file per partition of the files topic: each instance owns some partitions, so each gets files.
            int partitions = 12;
            List<SnapshotFile> files = IntStream.range(0, partitions)
                    .mapToObj(i ->
                            harness().createFile(backupId, "shop", "shared", "nb-" + i + "-big-Data.db", 64 * 1024 + i))
                    .toList();
            for (int i = 0; i < partitions; i++) {
                harness().publish(backupId, harness().fileReady(files.get(i), BackupMode.FULL, false), i);
            }

            List<Envelope<Payload>> events = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                events.clear();
                events.addAll(harness().events(backupId).stream()
                        .filter(event -> event.data() instanceof FileStored)
                        .toList());
                assertThat(events).hasSizeGreaterThanOrEqualTo(partitions);
            });
            Map<String, Long> bySource =
                    events.stream().collect(Collectors.groupingBy(Envelope::source, Collectors.counting()));
            assertThat(bySource).containsKeys("/ringvault/uploader/first", "/ringvault/uploader/second");
            for (SnapshotFile file : files) {
                assertThat(UploaderHarness.sha256(store.get(harness().expectedKey(file), 0)))
                        .isEqualTo(file.sha256());
            }
        }
    }

    @Test
    void shouldStoreEveryFileOnceWhenTheBatchBudgetCutsAPoll() {
        // batch-bytes is 1MB here: six files of 400 KiB arriving in one poll make batches of two.
        double cutBefore = batchesCutByTheBudget();
        List<SnapshotFile> files = IntStream.range(0, 6)
                .mapToObj(i -> harness()
                        .createFile(backupId, "shop", "budget", "nb-" + (20 + i) + "-big-Data.db", 400 * 1024 + i))
                .toList();
        harness()
                .publishTogether(
                        backupId,
                        files.stream()
                                .map(file -> harness().fileReady(file, BackupMode.FULL, false))
                                .toList(),
                        0);

        List<FileStored> stored = awaitStored(backupId, files.size());
        for (SnapshotFile file : files) {
            assertThat(only(stored, file).checksum()).isEqualTo(file.sha256());
            assertThat(UploaderHarness.sha256(store.get(harness().expectedKey(file), 0)))
                    .isEqualTo(file.sha256());
        }
        assertThat(batchesCutByTheBudget()).isGreaterThan(cutBefore);
        // What a cut batch took is committed: nothing is delivered twice, each file is downloaded once.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(harness().events(backupId)).hasSize(files.size()));
        assertThat(harness().agent.requests(backupId)).hasSize(files.size());
    }

    @Test
    void shouldDropTheFilesOfABackupCancelledBeforeTheyAreRead() {
        harness().publishCancel(backupId, "cancelled by the test");
        await().atMost(WAIT).until(() -> cancels.isCancelled(backupId));
        double cancelledBefore = filesCancelled();
        SnapshotFile dropped = harness().createFile(backupId, "shop", "cancelled", "nb-30-big-Data.db", 200 * 1024);
        String control = "backup-" + UUID.randomUUID();
        SnapshotFile stored = harness().createFile(control, "shop", "cancelled", "nb-31-big-Data.db", 1024);
        // One partition: once the control file is stored, the dropped one was read before it.
        harness().publish(backupId, harness().fileReady(dropped, BackupMode.FULL, false), 0);
        harness().publish(control, harness().fileReady(stored, BackupMode.FULL, false), 0);

        assertThat(awaitStored(control, 1).get(0).checksum()).isEqualTo(stored.sha256());
        assertThat(harness().events(backupId)).isEmpty();
        assertThat(store.head(harness().expectedKey(dropped))).isEmpty();
        assertThat(harness().agent.requests(backupId)).isEmpty();
        assertThat(filesCancelled()).isEqualTo(cancelledBefore + 1);
    }

    @Test
    void shouldAbortAnUploadInFlightWhenItsBackupIsCancelledAndLeaveNothingBehind() throws Exception {
        // 12 MiB: on S3 a multipart upload (5 MiB parts), its first part sent when the download stalls half-way.
        SnapshotFile file = harness().createFile(backupId, "shop", "aborted", "nb-32-big-Data.db", 12 * 1024 * 1024);
        CountDownLatch halfSent = harness().agent.stallHalfWay(file.fileName());
        double cancelledBefore = filesCancelled();
        harness().publish(backupId, harness().fileReady(file, BackupMode.FULL, false));
        assertThat(halfSent.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        harness().publishCancel(backupId, "cancelled by the test");

        await().atMost(WAIT).until(() -> filesCancelled() == cancelledBefore + 1);
        String key = harness().expectedKey(file);
        assertThat(store.head(key)).isEmpty();
        assertThat(leftBehind(key)).isEmpty();
        assertThat(harness().events(backupId)).isEmpty();
        assertThat(harness().agent.requests(backupId))
                .as("not resumed, not retried")
                .hasSize(1);
    }

    private double filesCancelled() {
        Counter counter = meters.find("ringvault.uploader.files")
                .tag("outcome", "cancelled")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double batchesCutByTheBudget() {
        Counter counter =
                meters.find("ringvault.uploader.batches").tag("end", "budget").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldReportHealthUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private void awaitTwoMembersWithPartitions() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness().stack.kafkaBootstrapServers()))) {
            await().atMost(WAIT).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(harness().name))
                        .describedGroups()
                        .get(harness().name)
                        .get();
                List<String> owners = group.members().stream()
                        .filter(member -> !member.assignment().topicPartitions().isEmpty())
                        .map(MemberDescription::clientId)
                        .toList();
                // One consumer per instance (its files are stored by its worker pool), each owning partitions.
                assertThat(group.members()).hasSize(2);
                assertThat(owners).hasSize(2);
            });
        }
    }

    private List<FileStored> awaitStored(String backup, int count) {
        List<FileStored> stored = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            stored.clear();
            List<Envelope<Payload>> events = harness().events(backup);
            assertThat(events).noneMatch(event -> event.data() instanceof NodeFailed);
            events.stream()
                    .filter(event -> event.data() instanceof FileStored)
                    .forEach(event -> stored.add((FileStored) event.data()));
            assertThat(stored).hasSize(count);
        });
        return stored;
    }

    private NodeFailed awaitFailed(String backup) {
        List<NodeFailed> failed = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            failed.clear();
            harness().events(backup).stream()
                    .filter(event -> event.data() instanceof NodeFailed)
                    .forEach(event -> failed.add((NodeFailed) event.data()));
            assertThat(failed).hasSize(1);
        });
        assertThat(harness().events(backup)).noneMatch(event -> event.data() instanceof FileStored);
        return failed.get(0);
    }

    private static FileStored only(List<FileStored> stored, SnapshotFile file) {
        return stored.stream()
                .filter(event -> event.fileName().equals(file.fileName()))
                .collect(Collectors.collectingAndThen(Collectors.toList(), list -> {
                    assertThat(list).as("file.stored of " + file.fileName()).hasSize(1);
                    return list.get(0);
                }));
    }

    private static void deleteFile(SnapshotFile file) {
        try {
            java.nio.file.Files.delete(file.path());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.ringvault.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.cli.client.NodeRef;
import io.ringvault.cli.client.Operation;
import io.ringvault.cli.client.Operation.Datacenter;
import io.ringvault.cli.client.Operation.Failure;
import io.ringvault.cli.client.Operation.Node;
import io.ringvault.cli.client.Operation.Progress;
import io.ringvault.cli.client.PartialBackup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {
    private static final long MIB = 1024 * 1024;
    private static final String ID = "3f2a1b2c-0000-4000-8000-000000000001";
    private static final String HOST = "a1b2c3d4-0000-4000-8000-00000000000a";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:01Z"));
    private final ProgressRenderer renderer = new ProgressRenderer(clock, ZoneOffset.UTC);

    @Test
    void shouldRenderTheExampleLine() {
        Operation operation = operation(
                "RUNNING",
                "snapshot",
                new Progress(10, 40, 1_258_291, 5 * MIB, 0, 2_202_009.6, 2L),
                node("RUNNING", 1, 2, 1, 2));

        assertThat(renderer.line(operation))
                .isEqualTo("12:00:01 backup 3f2a1b2c running snapshot files 10/40 bytes 1.2 MiB/5.0 MiB 2.1 MiB/s"
                        + " eta 2s nodes 0/1 done");
    }

    @Test
    void shouldShowTheRowsStoredWhileALogicalExportRunsAndItsTotalsAreUnknown() {
        Node exporting = new Node(
                HOST, "127.0.0.1", "dc1", "rack1", "RUNNING", "exporting", 12, 0, 3_250_586, 0, null, null, null);
        Operation operation = operation(
                "RUNNING",
                "snapshot",
                new Progress(12, 0, 3_250_586, 0, 3_250_586, 1.0 * MIB, null, 45_000L),
                exporting);

        assertThat(renderer.line(operation))
                .isEqualTo("12:00:01 backup 3f2a1b2c running snapshot files 12/? bytes 3.1 MiB/? 1.0 MiB/s eta ?"
                        + " rows 45,000 nodes 0/1 done");
        assertThat(renderer.block(operation).get(0)).endsWith("45,000 rows stored");
        assertThat(renderer.block(operation))
                .anySatisfy(line -> assertThat(line).contains("exporting", "12/?", "3.1 MiB/?"));
        assertThat(OperationFormatter.progress(operation.progress(), false))
                .isEqualTo("files 12/?  bytes 3.1 MiB/?  ?  1.0 MiB/s  eta ?  rows 45,000");
    }

    @Test
    void shouldShowQuestionMarksWhileNothingIsCountedYet() {
        Operation operation = operation("ACCEPTED", null, Progress.NONE);

        assertThat(renderer.line(operation))
                .isEqualTo("12:00:01 backup 3f2a1b2c accepted files 0/? bytes 0 B/? ?/s eta ?");
    }

    @Test
    void shouldCountFailedNodesAndLeaveOutTheEtaOnceOver() {
        Operation operation = operation(
                "FAILED",
                "upload",
                new Progress(1, 2, 1, 2, 0, 0.0, null),
                node("FAILED", 1, 2, 1, 2),
                new Node("other", "127.0.0.2", "dc1", "rack1", "DONE", null, 0, 0, 0, 0, null, null, null));

        assertThat(renderer.line(operation))
                .isEqualTo(
                        "12:00:01 backup 3f2a1b2c failed upload files 1/2 bytes 1 B/2 B ?/s nodes 1/2 done, 1 failed");
    }

    @Test
    void shouldShowEachTableOfARestoreUnderItsNode() {
        Node node = new Node(
                HOST,
                "127.0.0.1",
                "dc1",
                "rack1",
                "RUNNING",
                "downloading",
                3,
                6,
                3 * MIB,
                6 * MIB,
                null,
                "source-host",
                List.of(
                        new Operation.Table("shop", "customers", "done", 2, 2, 2 * MIB, 2 * MIB, null, null, null),
                        new Operation.Table(
                                "shop", "orders", "downloading", 1, 4, MIB, 4 * MIB, (long) MIB, 3L, null)));
        List<String> block = renderer.block(
                operation("RUNNING", "downloading", new Progress(3, 6, 3 * MIB, 6 * MIB, 0, 0.0, null), node));

        assertThat(String.join("\n", block))
                .contains("shop.customers")
                .containsPattern("shop\\.orders +- +downloading +1/4 +1\\.0 MiB/4\\.0 MiB +25% +1\\.0 MiB/s +3s");
    }

    @Test
    void shouldMeasureEachNodesRateAndEtaAcrossPolls() {
        Progress overall = new Progress(1, 4, MIB, 8 * MIB, 0, 2.0 * MIB, 3L);
        List<String> first = renderer.block(operation("RUNNING", "upload", overall, node("RUNNING", 0, 2, 0, 4 * MIB)));
        clock.advance(Duration.ofSeconds(2));
        List<String> second =
                renderer.block(operation("RUNNING", "upload", overall, node("RUNNING", 1, 2, 2 * MIB, 4 * MIB)));

        assertThat(first)
                .containsExactly(
                        "backup " + ID + "  running  upload  1s",
                        "  NODE                    STATE    PHASE   FILES  BYTES            DONE  RATE       ETA",
                        "  all nodes               running  upload  1/4    1.0 MiB/8.0 MiB  12%   2.0 MiB/s  3s",
                        "  a1b2c3d4 127.0.0.1 dc1  running  upload  0/2    0 B/4.0 MiB      0%    ?/s        ?");
        assertThat(second)
                .containsExactly(
                        "backup " + ID + "  running  upload  3s",
                        "  NODE                    STATE    PHASE   FILES  BYTES            DONE  RATE       ETA",
                        "  all nodes               running  upload  1/4    1.0 MiB/8.0 MiB  12%   2.0 MiB/s  3s",
                        "  a1b2c3d4 127.0.0.1 dc1  running  upload  1/2    2.0 MiB/4.0 MiB  50%   1.0 MiB/s  2s");
    }

    @Test
    void shouldShowNoRateOrEtaForAFinishedNode() {
        List<String> block = renderer.block(
                operation("COMPLETED", null, new Progress(2, 2, 2, 2, 0, 1.0, 0L), node("DONE", 2, 2, 2, 2)));

        assertThat(block.get(0)).isEqualTo("backup " + ID + "  completed  4s");
        assertThat(block.get(2)).endsWith("100%  1 B/s  -");
        assertThat(block.get(3))
                .isEqualTo("  a1b2c3d4 127.0.0.1 dc1  done       upload  2/2    2 B/2 B  100%  -      -");
    }

    @Test
    void shouldChangeItsKeyOnlyWhenCountsOrStatesChange() {
        Operation before =
                operation("RUNNING", "upload", new Progress(1, 4, 1, 8, 0, 1.0, 9L), node("RUNNING", 1, 2, 1, 4));
        Operation onlyTheRateMoved =
                operation("RUNNING", "upload", new Progress(1, 4, 1, 8, 0, 7.0, 2L), node("RUNNING", 1, 2, 1, 4));
        Operation aNodeFinished =
                operation("RUNNING", "upload", new Progress(1, 4, 1, 8, 0, 7.0, 2L), node("DONE", 1, 2, 1, 4));

        assertThat(renderer.changeKey(onlyTheRateMoved)).isEqualTo(renderer.changeKey(before));
        assertThat(renderer.changeKey(aNodeFinished)).isNotEqualTo(renderer.changeKey(before));
    }

    @Test
    void shouldPrintAPlainLineOnlyForNews() {
        StringWriter out = new StringWriter();
        PlainProgressDisplay display = new PlainProgressDisplay(new PrintWriter(out), renderer);
        Operation running = operation("RUNNING", "upload", new Progress(1, 4, 1, 8, 0, 1.0, 9L));

        display.show(running);
        display.show(operation("RUNNING", "upload", new Progress(1, 4, 1, 8, 0, 5.0, 2L)));
        display.show(operation("RUNNING", "upload", new Progress(2, 4, 3, 8, 0, 5.0, 2L)));

        assertThat(out.toString().lines()).hasSize(2);
    }

    @Test
    void shouldRedrawTheBlockInPlaceWithAnsiEscapes() {
        LiveProgressDisplay display = new LiveProgressDisplay(new PrintWriter(new StringWriter()), renderer, 0);

        String first = display.frame(List.of("one", "two", "three"));
        String second = display.frame(List.of("uno", "dos"));

        assertThat(first).isEqualTo("\u001b[2Kone\n\u001b[2Ktwo\n\u001b[2Kthree\n\u001b[J");
        assertThat(second).isEqualTo("\u001b[3A\r\u001b[2Kuno\n\u001b[2Kdos\n\u001b[J");
    }

    @Test
    void shouldCutLinesThatWouldWrapOnANarrowTerminal() {
        LiveProgressDisplay display = new LiveProgressDisplay(new PrintWriter(new StringWriter()), renderer, 6);

        assertThat(display.frame(List.of("0123456789"))).isEqualTo("\u001b[2K01234\n\u001b[J");
    }

    @Test
    void shouldSummariseTheOutcomeWithTheReasonAndTheFailedNodes() {
        Operation failed = new Operation(
                ID,
                "backup",
                "FAILED",
                "upload",
                "2026-11-21T12:00:00Z",
                null,
                "2026-11-21T12:01:05Z",
                "alice",
                null,
                null,
                null,
                new Failure("timeout", "no progress for 10m", Map.of(HOST, "upload stalled")),
                Progress.NONE,
                List.of(node("FAILED", 0, 0, 0, 0)),
                List.<Datacenter>of(),
                null);

        assertThat(new OperationFormatter(ZoneId.of("UTC")).outcome(failed))
                .containsExactly(
                        "backup " + ID + " failed in 1m05s: timeout: no progress for 10m",
                        "  node a1b2c3d4 (127.0.0.1, dc1): upload stalled");
    }

    private static Operation operation(String state, String phase, Progress progress, Node... nodes) {
        boolean over = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
        return new Operation(
                ID,
                "backup",
                state,
                phase,
                "2026-11-21T12:00:00Z",
                null,
                over ? "2026-11-21T12:00:04Z" : null,
                "alice",
                "/ringvault/rest",
                "rest",
                null,
                null,
                progress,
                List.of(nodes),
                null,
                null);
    }

    private static Operation withDatacenters(Operation operation, List<Datacenter> datacenters, PartialBackup partial) {
        return new Operation(
                operation.id(),
                operation.kind(),
                operation.state(),
                operation.phase(),
                operation.acceptedAt(),
                operation.updatedAt(),
                operation.finishedAt(),
                operation.requestedBy(),
                operation.requestSource(),
                operation.channel(),
                operation.request(),
                operation.failure(),
                operation.progress(),
                operation.nodes(),
                datacenters,
                partial);
    }

    private static Datacenter datacenter(String name, String state, int nodes, int done, int failed) {
        return new Datacenter(
                name,
                state,
                nodes,
                done,
                failed,
                done,
                nodes,
                done * MIB,
                nodes * MIB,
                failed == 0
                        ? List.of()
                        : List.of(new Operation.FailedNode(HOST, "127.0.0.2", "upload-failed: S3 said 403")),
                List.of());
    }

    @Test
    void shouldShowEachDatacenterOfAnOperationThatSpansSeveral() {
        Operation operation = withDatacenters(
                operation("RUNNING", "upload", new Progress(3, 4, 3 * MIB, 4 * MIB, 0, 1.0, 1L)),
                List.of(datacenter("dc1", "COMPLETED", 2, 2, 0), datacenter("dc2", "FAILED", 2, 1, 1)),
                null);

        assertThat(renderer.block(operation))
                .anySatisfy(line -> assertThat(line)
                        .contains("dc dc1")
                        .contains("completed")
                        .contains("2/2 nodes"))
                .anySatisfy(line ->
                        assertThat(line).contains("dc dc2").contains("failed").contains("1/2 nodes, 1 failed"));
    }

    @Test
    void shouldSayHowEachDatacenterEndedAndWhatAPartialBackupLacks() {
        PartialBackup partial = new PartialBackup(
                List.of(new NodeRef("c9d8e7f6-0000-4000-8000-00000000000c", "127.0.0.3", "dc2", "rack1")),
                List.of(new PartialBackup.KeyspaceRanges(
                        "ks1",
                        7,
                        List.of(
                                new PartialBackup.TokenRange("10", "30"),
                                new PartialBackup.TokenRange("40", "50"),
                                new PartialBackup.TokenRange("60", "70"),
                                new PartialBackup.TokenRange("80", "90"),
                                new PartialBackup.TokenRange("100", "110"),
                                new PartialBackup.TokenRange("120", "130"),
                                new PartialBackup.TokenRange("140", "150")))));
        Operation operation = withDatacenters(
                operation("COMPLETED", "done", new Progress(4, 4, 4 * MIB, 4 * MIB, 0, 1.0, null)),
                List.of(datacenter("dc1", "COMPLETED", 2, 2, 0), datacenter("dc2", "COMPLETED", 1, 1, 0)),
                partial);

        assertThat(new OperationFormatter(ZoneId.of("UTC")).outcome(operation))
                .containsExactly(
                        "backup " + ID + " completed in 4s",
                        "  dc1 completed: 2/2 nodes done",
                        "  dc2 completed: 1/1 nodes done",
                        "  partial: 1 node(s) missing: c9d8e7f6 (127.0.0.3, dc2)",
                        "  partial: ks1: 7 token range(s) no backed-up replica holds: (10, 30], (40, 50], (60, 70],"
                                + " (80, 90], (100, 110] and 2 more");
    }

    private static Node node(String state, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        return new Node(
                HOST,
                "127.0.0.1",
                "dc1",
                "rack1",
                state,
                "upload",
                filesDone,
                filesTotal,
                bytesDone,
                bytesTotal,
                null,
                null,
                null);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

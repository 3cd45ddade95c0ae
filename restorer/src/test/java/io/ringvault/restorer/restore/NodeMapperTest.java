package io.ringvault.restorer.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.RestoreMethod;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeMapperTest {
    static NodeMapper.Source source(String hostId, String dc, String rack, String... tokens) {
        return new NodeMapper.Source(new NodeRef(hostId, "10.0.0." + hostId.length(), dc, rack), List.of(tokens));
    }

    static TargetNode target(String hostId, String dc, String rack, String... tokens) {
        return new TargetNode(new NodeRef(hostId, "10.1.0." + hostId.length(), dc, rack), List.of(tokens));
    }

    /** source → "target mappedBy method" */
    static Map<String, String> pairs(List<NodeMapper.Pair> pairs) {
        return pairs.stream()
                .collect(Collectors.toMap(
                        p -> p.source().hostId(),
                        p -> p.target().hostId() + " " + p.mappedBy() + " "
                                + p.method().name().toLowerCase()));
    }

    /** target → how many sources it receives */
    static Map<String, Long> load(List<NodeMapper.Pair> pairs) {
        return pairs.stream()
                .collect(Collectors.groupingBy(p -> p.target().hostId(), TreeMap::new, Collectors.counting()));
    }

    @Test
    void shouldImportOnTheSameHostIdsWhenTheRingIsTheBackups() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("b", "dc1", "r1", "2")),
                List.of(target("b", "dc1", "r1", "2"), target("a", "dc1", "r1", "1")),
                Map.of());

        assertThat(pairs(pairs))
                .containsOnly(Map.entry("a", "a same-host-id import"), Map.entry("b", "b same-host-id import"));
        assertThat(pairs).extracting(p -> p.source().hostId()).containsExactly("a", "b");
    }

    @Test
    void shouldFollowTheExplicitMappingFirstAndStreamWhereTheTokensDiffer() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("b", "dc1", "r1", "2")),
                List.of(target("a", "dc1", "r1", "1"), target("b", "dc1", "r1", "2")),
                Map.of("a", "b", "b", "a"));

        assertThat(pairs(pairs)).containsOnly(Map.entry("a", "b explicit stream"), Map.entry("b", "a explicit stream"));
    }

    @Test
    void shouldImportOnNewNodesOwningTheSameTokensAndStreamWhereTheRingDiffers() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(
                        source("s1", "dc1", "r1", "-100", "500"),
                        source("s2", "dc1", "r1", "-50", "600"),
                        source("s3", "dc2", "r1", "7")),
                List.of(
                        target("t1", "dc1", "r1", "-50", "600"),
                        target("t2", "dc1", "r1", "500", "-100"),
                        target("t3", "dc2", "r1", "9")),
                Map.of());

        // dc1 was rebuilt with the backup's tokens (initial_token): an import; dc2 has other tokens: a stream.
        assertThat(pairs(pairs))
                .containsOnly(
                        Map.entry("s1", "t2 topology import"),
                        Map.entry("s2", "t1 topology import"),
                        Map.entry("s3", "t3 topology stream"));
    }

    @Test
    void shouldImportOntoAReplacedNodeThatKeptTheAddressAndTokensUnderANewHostId() {
        // Node c died and was replaced (replace_address_first_boot): same address and tokens, a new host id.
        NodeRef backedUp = new NodeRef("c", "10.0.0.3", "dc1", "r1");
        NodeRef replacement = new NodeRef("c-new", "10.0.0.3", "dc1", "r1");
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(
                        source("a", "dc1", "r1", "1"),
                        source("b", "dc1", "r1", "2"),
                        new NodeMapper.Source(backedUp, List.of("3"))),
                List.of(
                        target("a", "dc1", "r1", "1"),
                        target("b", "dc1", "r1", "2"),
                        new TargetNode(replacement, List.of("3"))),
                Map.of());

        assertThat(pairs(pairs))
                .containsOnly(
                        Map.entry("a", "a same-host-id import"),
                        Map.entry("b", "b same-host-id import"),
                        Map.entry("c", "c-new topology import"));
    }

    @Test
    void shouldPairByFirstTokenAndStreamIntoANewClusterOfTheSameShape() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(
                        source("s1", "dc1", "r1", "300"),
                        source("s2", "dc1", "r1", "-9000000000000000000"),
                        source("s3", "dc1", "r1", "20")),
                List.of(
                        target("t1", "dc1", "r1", "1000"),
                        target("t2", "dc1", "r1", "-5"),
                        target("t3", "dc1", "r1", "-8000000000000000000")),
                Map.of());

        // Numeric order, not text order: -9e18 < 20 < 300 pairs with -8e18 < -5 < 1000.
        assertThat(pairs(pairs))
                .containsOnly(
                        Map.entry("s2", "t3 topology stream"),
                        Map.entry("s3", "t2 topology stream"),
                        Map.entry("s1", "t1 topology stream"));
    }

    @Test
    void shouldStreamEvenANodeThatKeptItsTokensWhenAnotherNodeOfItsDatacenterChanged() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("old", "dc1", "r2", "2")),
                List.of(target("a", "dc1", "r1", "1"), target("new", "dc1", "r2", "3")),
                Map.of());

        // Another ring, other replica sets: node a may no longer replicate everything its SSTables hold.
        assertThat(pairs(pairs))
                .containsOnly(Map.entry("a", "a same-host-id stream"), Map.entry("old", "new topology stream"));
    }

    @Test
    void shouldSpreadFourBackedUpNodesEvenlyOverTwoAndStreamThem() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(
                        source("s1", "dc1", "rack1", "-300"),
                        source("s2", "dc1", "rack2", "-100"),
                        source("s3", "dc1", "rack1", "100"),
                        source("s4", "dc1", "rack2", "300")),
                List.of(target("t1", "dc1", "rack1", "-50"), target("t2", "dc1", "rack2", "50")),
                Map.of());

        assertThat(load(pairs)).containsExactly(Map.entry("t1", 2L), Map.entry("t2", 2L));
        assertThat(pairs).allSatisfy(p -> {
            assertThat(p.mappedBy()).isEqualTo(NodeMapper.DATACENTER);
            assertThat(p.method()).isEqualTo(RestoreMethod.STREAM);
            // Among the least loaded, a node of the same rack.
            assertThat(p.target().ref().rack()).isEqualTo(p.source().node().rack());
        });
    }

    @Test
    void shouldStageAOneNodeBackupOnOneOfThreeNodes() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("only", "dc1", "rack1", "0")),
                List.of(
                        target("t1", "dc1", "rack1", "-3000"),
                        target("t2", "dc1", "rack2", "10"),
                        target("t3", "dc1", "rack3", "4000")),
                Map.of());

        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.target().hostId()).isEqualTo("t1");
            assertThat(p.mappedBy()).isEqualTo(NodeMapper.DATACENTER);
            assertThat(p.method()).isEqualTo(RestoreMethod.STREAM);
        });
    }

    @Test
    void shouldKeepEachBackedUpNodeInItsDatacenterCountingTheNodesAlreadyChosen() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(
                        source("a1", "dc1", "r1", "1"),
                        source("a2", "dc1", "r1", "2"),
                        source("a3", "dc1", "r1", "3"),
                        source("b1", "dc2", "r1", "4"),
                        source("b2", "dc2", "r1", "5")),
                List.of(target("a1", "dc1", "r1", "1"), target("x", "dc1", "r1", "9"), target("y", "dc2", "r1", "8")),
                Map.of());

        assertThat(pairs(pairs))
                .containsOnly(
                        Map.entry("a1", "a1 same-host-id stream"),
                        // a1 already receives its own files: a2 goes to the other node, a3 to either.
                        Map.entry("a2", "x datacenter stream"),
                        Map.entry("a3", "a1 datacenter stream"),
                        Map.entry("b1", "y datacenter stream"),
                        Map.entry("b2", "y datacenter stream"));
    }

    @Test
    void shouldSpreadWhenTheRacksDoNotMatch() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("s1", "dc1", "r1", "1"), source("s2", "dc1", "r1", "2")),
                List.of(target("t1", "dc1", "r1", "1"), target("t2", "dc1", "r2", "2")),
                Map.of());

        assertThat(load(pairs)).containsExactly(Map.entry("t1", 1L), Map.entry("t2", 1L));
        assertThat(pairs).extracting(NodeMapper.Pair::method).containsOnly(RestoreMethod.STREAM);
    }

    @Test
    void shouldRefuseADatacenterOfTheBackupTheClusterDoesNotHaveNamingIt() {
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("a", "dc1", "r1", "1"), source("b", "dc2", "r1", "2")),
                        List.of(target("t", "dc1", "r1", "1")),
                        Map.of()))
                .isInstanceOfSatisfying(RestoreFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_DATACENTER);
                    assertThat(e.getMessage()).contains("no datacenter dc2", "{dc2=[b]}", "[dc1]");
                });
    }

    @Test
    void shouldMapANodeOfAMissingDatacenterExplicitly() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("b", "dc2", "r1", "2")),
                List.of(target("t", "dc1", "r1", "1")),
                Map.of("b", "t"));

        // t owns exactly a's tokens in a dc1 ring that is the backup's: a imports there, b streams from there.
        assertThat(pairs(pairs))
                .containsOnly(Map.entry("a", "t datacenter import"), Map.entry("b", "t explicit stream"));
    }

    @Test
    void shouldImportAsBeforeWhenTheManifestsRecordNoTokensAndTheSizeIsTheSame() {
        List<NodeMapper.Pair> same = NodeMapper.map(
                List.of(source("a", "dc1", "r1"), source("b", "dc1", "r1")),
                List.of(target("a", "dc1", "r1", "1"), target("b", "dc1", "r1", "2")),
                Map.of());
        List<NodeMapper.Pair> smaller = NodeMapper.map(
                List.of(source("a", "dc1", "r1"), source("b", "dc1", "r1")),
                List.of(target("a", "dc1", "r1", "1")),
                Map.of());

        assertThat(same).extracting(NodeMapper.Pair::method).containsOnly(RestoreMethod.IMPORT);
        assertThat(smaller).extracting(NodeMapper.Pair::method).containsOnly(RestoreMethod.STREAM);
    }

    @Test
    void shouldRefuseAnExplicitMappingToAnUnknownNode() {
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("s1", "dc1", "r1", "1")),
                        List.of(target("t1", "dc1", "r1", "1")),
                        Map.of("s1", "nope")))
                .isInstanceOfSatisfying(
                        RestoreFailure.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.NODE_MAPPING_FAILED));
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("s1", "dc1", "r1", "1")),
                        List.of(target("t1", "dc1", "r1", "1")),
                        Map.of("ghost", "t1")))
                .isInstanceOfSatisfying(
                        RestoreFailure.class, e -> assertThat(e.getMessage()).contains("ghost"));
    }
}

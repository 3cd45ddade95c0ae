package io.ringvault.restorer.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.message.NodeRef;
import io.ringvault.restorer.cluster.TargetNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NodeMapperTest {
    static NodeMapper.Source source(String hostId, String dc, String rack, String... tokens) {
        return new NodeMapper.Source(new NodeRef(hostId, "10.0.0." + hostId.length(), dc, rack), List.of(tokens));
    }

    static TargetNode target(String hostId, String dc, String rack, String... tokens) {
        return new TargetNode(new NodeRef(hostId, "10.1.0." + hostId.length(), dc, rack), List.of(tokens));
    }

    static Map<String, String> pairs(List<NodeMapper.Pair> pairs) {
        return pairs.stream()
                .collect(Collectors.toMap(
                        p -> p.source().hostId(), p -> p.target().hostId() + " " + p.mappedBy()));
    }

    @Test
    void shouldMapTheSameHostIdsToThemselves() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("b", "dc1", "r1", "2")),
                List.of(target("b", "dc1", "r1", "2"), target("a", "dc1", "r1", "1")),
                Map.of());

        assertThat(pairs(pairs)).containsOnly(Map.entry("a", "a same-host-id"), Map.entry("b", "b same-host-id"));
    }

    @Test
    void shouldFollowTheExplicitMappingFirst() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("b", "dc1", "r1", "2")),
                List.of(target("a", "dc1", "r1", "1"), target("b", "dc1", "r1", "2")),
                Map.of("a", "b", "b", "a"));

        assertThat(pairs(pairs)).containsOnly(Map.entry("a", "b explicit"), Map.entry("b", "a explicit"));
    }

    @Test
    void shouldPairNodesOwningTheSameTokensWithinTheirDatacenterAndRack() {
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

        assertThat(pairs(pairs))
                .containsOnly(
                        Map.entry("s1", "t2 topology"), Map.entry("s2", "t1 topology"), Map.entry("s3", "t3 topology"));
    }

    @Test
    void shouldPairByFirstTokenWhenNoTokensMatch() {
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
                        Map.entry("s2", "t3 topology"), Map.entry("s3", "t2 topology"), Map.entry("s1", "t1 topology"));
    }

    @Test
    void shouldMixSameHostIdAndTopology() {
        List<NodeMapper.Pair> pairs = NodeMapper.map(
                List.of(source("a", "dc1", "r1", "1"), source("old", "dc1", "r2", "2")),
                List.of(target("a", "dc1", "r1", "1"), target("new", "dc1", "r2", "3")),
                Map.of());

        assertThat(pairs(pairs)).containsOnly(Map.entry("a", "a same-host-id"), Map.entry("old", "new topology"));
    }

    @Test
    void shouldRefuseAnotherNodeCount() {
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("a", "dc1", "r1", "1"), source("b", "dc1", "r1", "2")),
                        List.of(target("a", "dc1", "r1", "1")),
                        Map.of()))
                .isInstanceOfSatisfying(RestoreFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(RestoreFailure.Reason.NODE_COUNT_MISMATCH);
                    assertThat(e.getMessage()).contains("2 node(s)", "has 1");
                });
    }

    @Test
    void shouldRefuseRacksThatDoNotMatch() {
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("s1", "dc1", "r1", "1"), source("s2", "dc1", "r1", "2")),
                        List.of(target("t1", "dc1", "r1", "1"), target("t2", "dc1", "r2", "2")),
                        Map.of()))
                .isInstanceOfSatisfying(RestoreFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(RestoreFailure.Reason.NODE_MAPPING_FAILED);
                    assertThat(e.getMessage()).contains("dc1/r1=2", "dc1/r2=1");
                });
    }

    @Test
    void shouldRefuseAnExplicitMappingToAnUnknownNode() {
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("s1", "dc1", "r1", "1")),
                        List.of(target("t1", "dc1", "r1", "1")),
                        Map.of("s1", "nope")))
                .isInstanceOfSatisfying(
                        RestoreFailure.class,
                        e -> assertThat(e.reason()).isEqualTo(RestoreFailure.Reason.NODE_MAPPING_FAILED));
        assertThatThrownBy(() -> NodeMapper.map(
                        List.of(source("s1", "dc1", "r1", "1")),
                        List.of(target("t1", "dc1", "r1", "1")),
                        Map.of("ghost", "t1")))
                .isInstanceOfSatisfying(
                        RestoreFailure.class, e -> assertThat(e.getMessage()).contains("ghost"));
    }
}

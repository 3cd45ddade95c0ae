package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.TakeSnapshot;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotScopeTest {
    private static final List<NodeRef> NODES = List.of(new NodeRef("h1", null, "dc1", null));

    @Test
    void shouldSnapshotWholeKeyspacesWhenNoTableIsNamed() {
        SnapshotScope scope = SnapshotScope.of(new TakeSnapshot("b1", List.of("shop", "audit"), null, null, NODES));

        assertThat(scope.keyspaces()).containsExactly("shop", "audit");
        assertThat(scope.entityGroups()).containsExactly(List.of("shop", "audit"));
        assertThat(scope.includes("shop", "anything")).isTrue();
    }

    @Test
    void shouldLimitTheSnapshotToTheNamedTables() {
        SnapshotScope scope = SnapshotScope.of(
                new TakeSnapshot("b1", List.of("shop", "audit"), List.of("shop.orders", "shop.items"), null, NODES));

        assertThat(scope.keyspaces()).containsExactly("shop");
        assertThat(scope.tables()).containsEntry("shop", Set.of("orders", "items"));
        assertThat(scope.entityGroups()).containsExactly(List.of("shop.items", "shop.orders"));
        assertThat(scope.includes("shop", "orders")).isTrue();
        assertThat(scope.includes("shop", "customers")).isFalse();
        assertThat(scope.includes("audit", "log")).isFalse();
    }

    @Test
    void shouldRefuseSystemKeyspacesButAllowSystemAuth() {
        for (String keyspace : SnapshotScope.FORBIDDEN_KEYSPACES) {
            assertThatThrownBy(() -> SnapshotScope.of(new TakeSnapshot("b1", List.of(keyspace), null, null, NODES)))
                    .isInstanceOfSatisfying(
                            SnapshotFailedException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYSPACE_NOT_ALLOWED))
                    .hasMessageContaining(keyspace);
        }
        assertThatThrownBy(() -> SnapshotScope.of(
                        new TakeSnapshot("b1", List.of("system"), List.of("system.peers_v2"), null, NODES)))
                .isInstanceOf(SnapshotFailedException.class);

        assertThat(SnapshotScope.of(new TakeSnapshot("b1", List.of("system_auth"), null, null, NODES))
                        .keyspaces())
                .containsExactly("system_auth");
    }
}

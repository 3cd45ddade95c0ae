package io.ringvault.coordinator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.fakes.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BackupCatalogTokensTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final JsonMapper json = new CloudEventCodec().mapper();
    private final ObjectLayout layout = new ObjectLayout("", "prod");
    private final BackupCatalog catalog = new BackupCatalog(store, layout, json);

    @Test
    void shouldGiveEachNodeItsTokensAndTheCassandraYamlThatPinsANewNodeToThem() {
        storeBackup("b-1", node("h-1", "dc1", "r1", List.of("-100", "7")), node("h-2", "dc2", "r1", List.of("3")));

        List<NodeTokens> tokens = catalog.tokens("prod", "b-1").orElseThrow();

        assertThat(tokens).extracting(NodeTokens::hostId).containsExactly("h-1", "h-2");
        assertThat(tokens.get(0).datacenter()).isEqualTo("dc1");
        assertThat(tokens.get(0).tokens()).containsExactly("-100", "7");
        assertThat(tokens.get(0).cassandraYaml()).isEqualTo("num_tokens: 2\ninitial_token: -100,7\n");
        assertThat(tokens.get(1).cassandraYaml()).isEqualTo("num_tokens: 1\ninitial_token: 3\n");
    }

    @Test
    void shouldBeEmptyForABackupTheStoreDoesNotHave() {
        assertThat(catalog.tokens("prod", "missing")).isEmpty();
    }

    @Test
    void shouldRefuseANodeThatRecordedNoTokensRatherThanPrintAnEmptyInitialToken() {
        storeBackup("b-2", node("h-1", "dc1", "r1", List.of()));

        assertThatThrownBy(() -> catalog.tokens("prod", "b-2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("h-1")
                .hasMessageContaining("no tokens");
    }

    private static NodeManifest node(String hostId, String datacenter, String rack, List<String> tokens) {
        return new NodeManifest(
                "ignored",
                new NodeRef(hostId, "10.0.0." + hostId.length(), datacenter, rack),
                "5.0.9",
                tokens,
                Map.of(),
                List.of(),
                Instant.parse("2026-12-04T00:00:00Z"));
    }

    private void storeBackup(String backupId, NodeManifest... nodes) {
        List<BackupManifest.NodeEntry> entries = new java.util.ArrayList<>();
        for (NodeManifest node : nodes) {
            String key = layout.backupManifest(backupId) + "." + node.node().hostId();
            put(key, json.writeValueAsString(node));
            entries.add(new BackupManifest.NodeEntry(
                    node.node().hostId(),
                    node.node().address(),
                    node.node().datacenter(),
                    node.node().rack(),
                    key,
                    0,
                    0));
        }
        BackupManifest manifest = new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                backupId,
                "prod",
                BackupMode.FULL,
                List.of("ks"),
                List.of(),
                List.of(),
                Instant.parse("2026-12-04T00:00:00Z"),
                Instant.parse("2026-12-04T00:01:00Z"),
                Map.of(),
                entries);
        put(layout.backupManifest(backupId), json.writeValueAsString(manifest));
    }

    private void put(String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        store.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length);
    }
}

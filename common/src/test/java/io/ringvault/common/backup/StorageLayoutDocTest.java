package io.ringvault.common.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/storage-layout.md} shows what the code writes: each document example reads back to the example the tests
 * build, re-encodes to the same JSON and matches its schema; every object key it names is one the layout produces.
 */
class StorageLayoutDocTest {
    private static final Path DOC = Path.of("..", "docs", "storage-layout.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final JsonMapper MAPPER = new CloudEventCodec().mapper();

    private static final Map<String, BackupDocumentsTest.Document> SECTIONS = Map.of(
            "### The backup index", BackupDocumentsTest.Document.BACKUP_INDEX,
            "### The backup manifest", BackupDocumentsTest.Document.BACKUP_MANIFEST,
            "### The node manifest", BackupDocumentsTest.Document.NODE_MANIFEST);

    private static final Map<BackupDocumentsTest.Document, Object> DOCUMENTED = Map.of(
            BackupDocumentsTest.Document.BACKUP_INDEX, BackupExamples.index(),
            BackupDocumentsTest.Document.BACKUP_MANIFEST, BackupExamples.backupManifest(BackupExamples.DIFFERENTIAL_ID),
            BackupDocumentsTest.Document.NODE_MANIFEST,
                    BackupExamples.nodeManifest(BackupExamples.DIFFERENTIAL_ID, Examples.NODE_1));

    @Test
    void everyDocumentExampleIsWhatTheCodeWritesAndMatchesItsSchema() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);

        for (Map.Entry<String, BackupDocumentsTest.Document> section : SECTIONS.entrySet()) {
            int start = doc.indexOf("\n" + section.getKey() + "\n");
            assertThat(start).as(section.getKey()).isNotNegative();
            int end = doc.indexOf("\n#", start + section.getKey().length() + 2);
            String text = doc.substring(start, end < 0 ? doc.length() : end);
            Matcher block = JSON_BLOCK.matcher(text);
            assertThat(block.find()).as("an example under %s", section.getKey()).isTrue();

            BackupDocumentsTest.Document document = section.getValue();
            JsonNode written = MAPPER.readTree(block.group(1));
            Object read = MAPPER.treeToValue(written, document.recordClass);

            assertThat(read).as(section.getKey()).isEqualTo(DOCUMENTED.get(document));
            assertThat(MAPPER.writeValueAsString(read))
                    .as("the example under %s, re-encoded", section.getKey())
                    .isEqualTo(MAPPER.writeValueAsString(written));
            assertThat(BackupDocumentsTest.errors(document, written))
                    .as(section.getKey())
                    .isEmpty();
            assertThat(block.find())
                    .as("one example under %s", section.getKey())
                    .isFalse();
        }
    }

    @Test
    void everyExampleKeyIsOneTheLayoutProduces() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Set<String> keys = BackupExamples.allKeys();
        Matcher key = Pattern.compile("`(backups/shop-prod/[^`]*)`").matcher(doc);
        int checked = 0;
        while (key.find()) {
            String named = key.group(1);
            assertThat(keys.stream()
                            .anyMatch(k -> k.equals(named) || k.startsWith(named.endsWith("/") ? named : named + "/")))
                    .as("%s is a key (or folder) of the example backups", named)
                    .isTrue();
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void theExampleSharesSstablesBetweenTheTwoBackups() {
        NodeManifest full = BackupExamples.nodeManifest(BackupExamples.FULL_ID, Examples.NODE_1);
        NodeManifest differential = BackupExamples.nodeManifest(BackupExamples.DIFFERENTIAL_ID, Examples.NODE_1);

        assertThat(differential.files()).hasSize(28);
        assertThat(differential.files().stream().filter(NodeManifest.File::reused))
                .hasSize(16)
                .allSatisfy(file -> assertThat(full.files()).anySatisfy(earlier -> {
                    assertThat(earlier.objectKey()).isEqualTo(file.objectKey());
                    assertThat(earlier.size()).isEqualTo(file.size());
                    assertThat(earlier.checksum()).isEqualTo(file.checksum());
                }));
        assertThat(differential.files().stream().filter(f -> ObjectLayout.isPerSnapshot(f.fileName())))
                .hasSize(4)
                .noneMatch(NodeManifest.File::reused)
                .allSatisfy(file ->
                        assertThat(file.objectKey()).contains("/snapshots/" + BackupExamples.DIFFERENTIAL_ID + "/"));
        assertThat(BackupExamples.index().backups())
                .extracting(BackupIndex.Entry::backupId)
                .containsExactly(BackupExamples.DIFFERENTIAL_ID, BackupExamples.FULL_ID);
    }
}

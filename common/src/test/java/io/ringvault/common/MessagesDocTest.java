package io.ringvault.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code docs/messages.md} shows what the code writes: every example decodes, re-encodes identically and is valid. */
class MessagesDocTest {
    private static final Path DOC = Path.of("..", "docs", "messages.md");
    private static final Pattern HEADING = Pattern.compile("^### `(io\\.ringvault\\.[a-z.]+)`$", Pattern.MULTILINE);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern REASON_ROW =
            Pattern.compile("^\\| `([a-z0-9-]+)` \\| (yes|no) \\|(.+)\\|$", Pattern.MULTILINE);

    private final CloudEventCodec codec = new CloudEventCodec();

    @Test
    void everyExampleIsExactlyWhatTheCodecWritesAndMatchesItsSchema() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Set<MessageType> documented = EnumSet.noneOf(MessageType.class);

        for (Map.Entry<String, String> section : sections(doc)) {
            MessageType type = MessageType.ofType(section.getKey()).orElseThrow();
            Matcher block = JSON_BLOCK.matcher(section.getValue());
            int examples = 0;
            while (block.find()) {
                JsonNode written = codec.mapper().readTree(block.group(1));
                Envelope<Payload> decoded = codec.decode(block.group(1));

                assertThat(decoded.type()).as(section.getKey()).isEqualTo(type);
                assertThat(new String(codec.encode(decoded), StandardCharsets.UTF_8))
                        .as("the example of %s, re-encoded", section.getKey())
                        .isEqualTo(codec.mapper().writeValueAsString(written));
                assertThat(ContractSchemaTest.errors(type, written.get("data")))
                        .as(section.getKey())
                        .isEmpty();
                examples++;
            }
            assertThat(examples).as("examples of %s", section.getKey()).isPositive();
            documented.add(type);
        }
        assertThat(documented).containsExactlyInAnyOrder(MessageType.values());
    }

    @Test
    void topicTableShowsTheDefaultsOfTopic() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        for (Topic topic : Topic.values()) {
            String row = lines.stream()
                    .filter(line -> line.startsWith("| `" + topic.defaultName() + "` |"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + topic.defaultName()));
            assertThat(row).startsWith("| `" + topic.defaultName() + "` | " + topic.partitions() + " |");
            topic.configs().forEach((key, value) -> assertThat(row).contains("`" + key + "=" + value + "`"));
        }
    }

    /** The table of failure reasons is the enum: every code once, in its order, with its retry flag. */
    @Test
    void failureReasonTableListsEveryReasonWithItsRetryFlag() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("\n## Failure reasons\n");
        assertThat(start).as("a section \"## Failure reasons\"").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end);

        List<String> codes = new ArrayList<>();
        Matcher row = REASON_ROW.matcher(section);
        while (row.find()) {
            FailureReason reason = FailureReason.ofCode(row.group(1))
                    .orElseThrow(() -> new AssertionError("the table names an unknown reason " + row.group(1)));
            assertThat(row.group(2)).as("retry column of %s", reason).isEqualTo(reason.retryable() ? "yes" : "no");
            assertThat(row.group(3).strip()).as("meaning of %s", reason).isNotBlank();
            codes.add(reason.code());
        }
        assertThat(codes)
                .containsExactlyElementsOf(Arrays.stream(FailureReason.values())
                        .map(FailureReason::code)
                        .toList());
    }

    private static List<Map.Entry<String, String>> sections(String doc) {
        List<Map.Entry<String, String>> sections = new ArrayList<>();
        Matcher heading = HEADING.matcher(doc);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (heading.find()) {
            starts.add(new int[] {heading.start(), heading.end()});
            names.add(heading.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : doc.length();
            int nextChapter = doc.indexOf("\n## ", starts.get(i)[1]);
            if (nextChapter >= 0 && nextChapter < end) {
                end = nextChapter;
            }
            sections.add(Map.entry(names.get(i), doc.substring(starts.get(i)[1], end)));
        }
        return sections;
    }
}

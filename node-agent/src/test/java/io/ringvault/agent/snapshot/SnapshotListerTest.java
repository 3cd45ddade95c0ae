package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.TakeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotListerTest {
    private static final String ORDERS = "orders-0123456789abcdef0123456789abcdef";
    private static final String ITEMS = "items-fedcba9876543210fedcba9876543210";

    @TempDir
    Path root;

    @Test
    void shouldListTopLevelFilesOfEveryDataDirectory() throws Exception {
        Path first = root.resolve("data1");
        Path second = root.resolve("data2");
        write(first.resolve("shop/" + ORDERS + "/snapshots/b1/nb-1-big-Data.db"), "12345");
        write(first.resolve("shop/" + ORDERS + "/snapshots/b1/manifest.json"), "{}");
        write(first.resolve("shop/" + ORDERS + "/snapshots/b1/.orders_v_idx/nb-1-big-Data.db"), "index");
        write(first.resolve("shop/" + ORDERS + "/snapshots/other/nb-7-big-Data.db"), "other");
        write(first.resolve("shop/" + ORDERS + "/nb-1-big-Data.db"), "live");
        write(second.resolve("shop/" + ORDERS + "/snapshots/b1/nb-2-big-Data.db"), "123");
        write(second.resolve("shop/" + ITEMS + "/snapshots/b1/nb-3-big-Data.db"), "1");
        write(second.resolve("audit/log-00000000000000000000000000000000/snapshots/b1/nb-1-big-Data.db"), "x");
        Path outside = write(root.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(first.resolve("shop/" + ORDERS + "/snapshots/b1/nb-9-big-Data.db"), outside);

        SnapshotLister lister = new SnapshotLister(List.of(first, second));
        List<SnapshotFile> files = lister.list(
                "b1",
                SnapshotScope.of(new TakeSnapshot(
                        "b1", List.of("shop"), null, null, List.of(new NodeRef("h", null, "dc1", null)))));

        assertThat(files)
                .extracting(f -> f.dataDirectory() + "/" + f.tableDirectory() + "/" + f.fileName() + ":" + f.size())
                .containsExactly(
                        "0/" + ORDERS + "/manifest.json:2",
                        "0/" + ORDERS + "/nb-1-big-Data.db:5",
                        "1/" + ITEMS + "/nb-3-big-Data.db:1",
                        "1/" + ORDERS + "/nb-2-big-Data.db:3");
        assertThat(files.get(2).table()).isEqualTo("items");
        assertThat(files.get(2).tableId()).isEqualTo("fedcba9876543210fedcba9876543210");
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}

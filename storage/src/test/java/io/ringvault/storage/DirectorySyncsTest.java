package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncsTest {
    @TempDir
    Path directory;

    final DirectorySyncs syncs = new DirectorySyncs();

    @Test
    void shouldReturnToEveryWriterOnceItsDirectoriesAreSynced() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Path each = directory.resolve("t" + (i % 5));
                java.nio.file.Files.createDirectories(each);
                done.add(writers.submit(() -> {
                    syncs.sync(Set.of(each, directory));
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    @Test
    void shouldReportAFailedSyncToItsWritersOnly() throws IOException {
        Path missing = directory.resolve("missing");
        assertThatThrownBy(() -> syncs.sync(Set.of(missing))).isInstanceOf(NoSuchFileException.class);

        syncs.sync(Set.of(directory));
        assertThat(directory).isDirectory();
    }
}

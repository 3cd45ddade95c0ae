package io.ringvault.uploader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The uploader's suite with the filesystem object store. */
class FilesystemUploaderIT extends UploaderContract {
    static final UploaderHarness HARNESS = UploaderHarness.filesystem();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HARNESS.properties("first").forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void close() {
        HARNESS.close();
    }

    @Override
    UploaderHarness harness() {
        return HARNESS;
    }

    /** The store's temporary files beside the object: a write that did not finish. */
    @Override
    List<String> leftBehind(String key) throws Exception {
        Path object = HARNESS.directory.resolve("objects").resolve(key);
        Path directory = object.getParent();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::toString)
                    .filter(name -> name.startsWith(object.toString()))
                    .toList();
        }
    }
}

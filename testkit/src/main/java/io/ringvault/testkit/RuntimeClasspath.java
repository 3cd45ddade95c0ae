package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of a service, resolved by Maven at build time (the {@code testkit/runtime/*} modules) and shipped as
 * a resource, so that nothing is downloaded while tests run.
 */
final class RuntimeClasspath {
    private RuntimeClasspath() {}

    static String of(String service) {
        String resource = "/io/ringvault/testkit/runtime/" + service + ".classpath";
        try (InputStream in = RuntimeClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the " + service + " classpath (" + resource
                        + ") is missing: build the testkit/runtime/" + service + " module first (./mvnw -B install)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(jar -> !Files.exists(Path.of(jar)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(
                        "the " + service + " classpath names jars that are not on disk, for example " + missing.get(0)
                                + ": rebuild with ./mvnw -B install");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

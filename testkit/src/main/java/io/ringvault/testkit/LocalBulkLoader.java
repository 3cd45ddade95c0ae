package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Cassandra's bulk loader ({@code org.apache.cassandra.tools.BulkLoader}, what {@code bin/sstableloader} runs) for the
 * local stack, which has no Cassandra distribution: a launcher script in the shape of Cassandra's own
 * {@code bin/sstableloader} ({@code java -ea -cp <classpath> <JVM options> -Xmx256M ... BulkLoader "$@"}), on the
 * testkit's Cassandra classpath and with a JDK Cassandra 5.0 runs on. The node agents of the stack point
 * {@code ringvault.agent.bulk-loader.command} at it, so that restores can stream.
 */
public final class LocalBulkLoader {
    /** The script's name in its directory. */
    public static final String SCRIPT = "sstableloader";

    /** Cassandra's conf/jvm17-clients.options (what its tools run with on Java 17), plus the flags a node takes too. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-ea",
            "-Xmx256M",
            "-Djava.net.preferIPv4Stack=true",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports=java.sql/java.sql=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED");

    /** The loader's own log: warnings and errors to standard error, which the agent reads with its output. */
    private static final String LOGBACK = """
            <configuration scan="false">
              <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                <target>System.err</target>
                <encoder><pattern>%-5level %date{ISO8601} %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="STDERR"/></root>
            </configuration>
            """;

    private LocalBulkLoader() {}

    /**
     * Writes the launcher into {@code directory} (with its log configuration and a storage directory the tool
     * initialisation wants) and returns the script's path.
     *
     * @throws IllegalStateException when there is no JDK Cassandra 5.0 runs on, or the Cassandra classpath was not built
     */
    public static Path script(Path directory) {
        Path java = JdkLocator.fromEnvironment().javaForCassandra();
        String classpath = RuntimeClasspath.of("cassandra");
        Path home = directory.toAbsolutePath();
        try {
            Files.createDirectories(home.resolve("loader-storage"));
            Path logback = home.resolve("logback-tools.xml");
            Files.writeString(logback, LOGBACK);
            StringBuilder script = new StringBuilder("#!/bin/sh\n")
                    .append("# Cassandra's bin/sstableloader on the testkit's Cassandra classpath (LocalBulkLoader).\n")
                    .append("exec ")
                    .append(quote(java.toString()));
            for (String option : JVM_OPTIONS) {
                script.append(' ').append(option);
            }
            script.append(" -Dcassandra.storagedir=")
                    .append(quote(home.resolve("loader-storage").toString()))
                    .append(" -Dlogback.configurationFile=")
                    .append(quote(logback.toString()))
                    .append(" -cp ")
                    .append(quote(classpath))
                    .append(" org.apache.cassandra.tools.BulkLoader \"$@\"\n");
            Path launcher = home.resolve(SCRIPT);
            Files.writeString(launcher, script);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-x---"));
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bulk loader launcher in " + home, e);
        }
    }

    /** {@link #script}, or empty where the stack cannot run Cassandra's tools (no JDK for it, no classpath). */
    public static Optional<Path> scriptIfAvailable(Path directory) {
        try {
            return Optional.of(script(directory));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** A single-quoted shell word. */
    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}

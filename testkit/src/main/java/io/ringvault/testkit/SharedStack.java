package io.ringvault.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One stack per test JVM: the first caller starts it, everyone after shares it, and a shutdown hook stops it when the
 * JVM exits. Under Maven the whole build shares one instead ({@value BuildStack#DIRECTORY_PROPERTY}, set by the parent
 * pom; see {@link BuildStack}). Tests keep out of each other's way by using their own keyspace, topic and object names.
 *
 * <p>The directory is {@code ringvault.testkit.dir}, by default {@code target/ringvault-stack} of the working
 * directory (the module, under Maven); it is emptied first, so every run starts from a fresh cluster.
 */
public final class SharedStack {
    public static final String DIRECTORY_PROPERTY = "ringvault.testkit.dir";

    private static Stack stack;

    private SharedStack() {}

    public static synchronized Stack get() {
        // The build's stack runs on the local path; containers stay one stack per JVM.
        if (stack == null
                && !System.getProperty(BuildStack.DIRECTORY_PROPERTY, "").isBlank()
                && Stacks.resolve(Stacks.configuredMode()) == Stacks.Mode.LOCAL) {
            stack = BuildStack.attachOrStart(Path.of(System.getProperty(BuildStack.DIRECTORY_PROPERTY)));
        }
        if (stack == null) {
            Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, "target/ringvault-stack"))
                    .toAbsolutePath();
            Directories.deleteRecursively(directory);
            long startNanos = System.nanoTime();
            Stack startedStack = Stacks.start(StackSpec.in(directory));
            System.err.printf(
                    "ringvault testkit: stack up in %.1f s under %s%n",
                    (System.nanoTime() - startNanos) / 1e9, directory);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stopAndReport(startedStack), "ringvault-shared-stack"));
            stack = startedStack;
        }
        return stack;
    }

    /** Reports the services' peak memory (also to {@code peak-rss.txt} in the stack directory), then stops them. */
    private static void stopAndReport(Stack running) {
        var peaks = running.peakResidentBytes();
        if (!peaks.isEmpty()) {
            long total = peaks.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder report = new StringBuilder();
            peaks.forEach((service, bytes) ->
                    report.append(service).append(" = ").append(bytes >> 20).append(" MiB\n"));
            report.append("total = ").append(total >> 20).append(" MiB\n");
            System.err.print("ringvault testkit: peak RSS\n" + report);
            try {
                Files.writeString(running.directory().resolve("peak-rss.txt"), report);
            } catch (IOException e) {
                // The report is a convenience; stopping the stack matters more.
            }
        }
        running.close();
    }
}

package io.ringvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One stack for a whole build: the first test JVM that asks starts it as a process of its own ({@link StackLauncher}
 * with {@code --owner-pid}), and every later test JVM of the same build, in any module, attaches to it. The stack
 * stops itself when the build's Maven process exits.
 *
 * <p>Why: each module's test JVM used to start its own Cassandra, Kafka and S3 server, about half a minute each on two
 * cores, and stop them again. Tests already keep out of each other's way by using their own keyspace, topic and object
 * names, so they can share one stack across modules as they share it within one.
 *
 * <p>The descriptor ({@code stack.properties}) is written atomically once every service is ready; a lock file
 * serialises JVMs that ask at the same time. A stack whose launcher died, or whose ports no longer answer, is started
 * afresh.
 */
final class BuildStack {
    /** Where the build's stack lives; the parent pom sets it for every test JVM. Unset: one stack per JVM. */
    static final String DIRECTORY_PROPERTY = "ringvault.testkit.build-stack";

    static final String DESCRIPTOR = "stack.properties";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private BuildStack() {}

    /** Attaches to the build's running stack in {@code directory}, or starts it there. */
    static Stack attachOrStart(Path directory) {
        try {
            Files.createDirectories(directory);
            try (FileChannel lockFile = FileChannel.open(
                            directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                Path descriptor = directory.resolve(DESCRIPTOR);
                if (Files.exists(descriptor)) {
                    Properties running = read(descriptor);
                    if (isAlive(running)) {
                        System.err.printf("ringvault testkit: attached to the build's stack under %s%n", directory);
                        return new AttachedStack(running);
                    }
                    Files.delete(descriptor);
                }
                return new AttachedStack(start(directory, descriptor));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start or attach to the build's stack in " + directory, e);
        }
    }

    private static Properties start(Path directory, Path descriptor) throws IOException {
        Path stackDirectory = directory.resolve("stack");
        Directories.deleteRecursively(stackDirectory);
        Path log = directory.resolve("launcher.log");
        long owner = buildProcess().pid();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                launcherClasspath(),
                StackLauncher.class.getName(),
                stackDirectory.toString(),
                "--owner-pid",
                Long.toString(owner),
                "--descriptor",
                descriptor.toString()));
        Instant started = Instant.now();
        Process launcher = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = started.plus(START_TIMEOUT);
        while (!Files.exists(descriptor)) {
            if (!launcher.isAlive()) {
                throw new ServiceStartException(
                        "the build's stack",
                        "it did not start (exit " + launcher.exitValue() + "); its launcher's log, " + log + ":\n"
                                + tail(log));
            }
            if (Instant.now().isAfter(deadline)) {
                launcher.destroy();
                throw new ServiceStartException(
                        "the build's stack",
                        "it was not ready within " + START_TIMEOUT + "; see " + log + ":\n" + tail(log));
            }
            sleep(Duration.ofMillis(100));
        }
        System.err.printf(
                "ringvault testkit: the build's stack up in %.1f s under %s (it stops when Maven exits, pid %d)%n",
                Duration.between(started, Instant.now()).toMillis() / 1e3, directory, owner);
        return read(descriptor);
    }

    /** Writes what a test JVM needs to reach {@code stack}, atomically: a reader never sees half a descriptor. */
    static void writeDescriptor(LocalStack stack, Path descriptor) {
        Properties properties = new Properties();
        properties.setProperty(
                "launcher.pid", Long.toString(ProcessHandle.current().pid()));
        properties.setProperty("directory", stack.directory().toString());
        properties.setProperty("kafka", stack.kafkaBootstrapServers());
        ObjectStoreEndpoint s3 = stack.objectStore();
        properties.setProperty("s3.endpoint", s3.endpoint().toString());
        properties.setProperty("s3.region", s3.region());
        properties.setProperty("s3.bucket", s3.bucket());
        properties.setProperty("s3.access-key", s3.accessKey());
        properties.setProperty("s3.secret-key", s3.secretKey());
        List<CassandraEndpoint> nodes = stack.cassandraNodes();
        properties.setProperty("cassandra.nodes", Integer.toString(nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            CassandraEndpoint node = nodes.get(i);
            String key = "cassandra." + i + ".";
            properties.setProperty(key + "name", node.name());
            properties.setProperty(key + "host", node.cql().getHostString());
            properties.setProperty(key + "port", Integer.toString(node.cql().getPort()));
            properties.setProperty(key + "jmx", node.jmxServiceUrl());
            properties.setProperty(key + "datacenter", node.datacenter());
            properties.setProperty(key + "rack", node.rack());
            properties.setProperty(
                    key + "data",
                    String.join(
                            java.io.File.pathSeparator,
                            node.dataDirectories().stream().map(Path::toString).toList()));
        }
        stack.pids().forEach((service, pid) -> properties.setProperty("pid." + service, Long.toString(pid)));
        try {
            Path partial = descriptor.resolveSibling(descriptor.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                properties.store(out, "the build's stack; see io.ringvault.testkit.BuildStack");
            }
            Files.move(partial, descriptor, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + descriptor, e);
        }
    }

    /**
     * The build's Maven process: the nearest ancestor that runs Maven. Surefire may start a test JVM through a shell,
     * so the direct parent can be gone as soon as this JVM is.
     */
    static ProcessHandle buildProcess() {
        java.util.Optional<ProcessHandle> ancestor = ProcessHandle.current().parent();
        while (ancestor.isPresent()) {
            String commandLine = ancestor.get().info().commandLine().orElse("");
            if (commandLine.contains("classworlds") || commandLine.contains("MavenWrapperMain")) {
                return ancestor.get();
            }
            ancestor = ancestor.get().parent();
        }
        return ProcessHandle.current().parent().orElse(ProcessHandle.current());
    }

    private static boolean isAlive(Properties running) {
        boolean launcherAlive = ProcessHandle.of(Long.parseLong(running.getProperty("launcher.pid")))
                .map(ProcessHandle::isAlive)
                .orElse(false);
        if (!launcherAlive) {
            return false;
        }
        AttachedStack stack = new AttachedStack(running);
        List<InetSocketAddress> ports = new ArrayList<>();
        stack.cassandraNodes().forEach(node -> ports.add(node.cql()));
        String[] kafka = stack.kafkaBootstrapServers().split(":");
        ports.add(new InetSocketAddress(kafka[0], Integer.parseInt(kafka[1])));
        ports.add(new InetSocketAddress(
                stack.objectStore().endpoint().getHost(),
                stack.objectStore().endpoint().getPort()));
        return ports.stream().allMatch(BuildStack::answers);
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The testkit's own classes and the three runtime classpath resources: all {@link StackLauncher} needs. */
    private static String launcherClasspath() {
        List<String> entries = new ArrayList<>();
        entries.add(codeSource(StackLauncher.class.getName().replace('.', '/') + ".class"));
        for (String service : List.of("cassandra", "kafka", "s3proxy")) {
            entries.add(codeSource("io/ringvault/testkit/runtime/" + service + ".classpath"));
        }
        return String.join(
                java.io.File.pathSeparator, entries.stream().distinct().toList());
    }

    private static String codeSource(String resource) {
        URL url = BuildStack.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath: build the testkit first");
        }
        String text = url.toString();
        try {
            if (text.startsWith("jar:")) {
                return Path.of(new URI(text.substring(4, text.indexOf("!/")))).toString();
            }
            String root = text.substring(0, text.length() - resource.length());
            return Path.of(new URI(root)).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + resource + " comes from: " + text, e);
        }
    }

    private static Properties read(Path descriptor) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(descriptor)) {
            properties.load(in);
        }
        return properties;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the build's stack", e);
        }
    }

    /** A stack another process runs: closing it leaves it running for the rest of the build. */
    private static final class AttachedStack implements Stack {
        private final Properties descriptor;
        private final List<CassandraEndpoint> nodes = new ArrayList<>();

        AttachedStack(Properties descriptor) {
            this.descriptor = descriptor;
            int count = Integer.parseInt(descriptor.getProperty("cassandra.nodes", "0"));
            for (int i = 0; i < count; i++) {
                String key = "cassandra." + i + ".";
                String data = descriptor.getProperty(key + "data", "");
                nodes.add(new CassandraEndpoint(
                        descriptor.getProperty(key + "name"),
                        new InetSocketAddress(
                                descriptor.getProperty(key + "host"),
                                Integer.parseInt(descriptor.getProperty(key + "port"))),
                        descriptor.getProperty(key + "jmx"),
                        descriptor.getProperty(key + "datacenter"),
                        descriptor.getProperty(key + "rack"),
                        data.isEmpty()
                                ? List.of()
                                : java.util.Arrays.stream(data.split(java.io.File.pathSeparator))
                                        .map(Path::of)
                                        .toList()));
            }
        }

        @Override
        public List<CassandraEndpoint> cassandraNodes() {
            return List.copyOf(nodes);
        }

        @Override
        public String kafkaBootstrapServers() {
            return descriptor.getProperty("kafka");
        }

        @Override
        public ObjectStoreEndpoint objectStore() {
            return new ObjectStoreEndpoint(
                    URI.create(descriptor.getProperty("s3.endpoint")),
                    descriptor.getProperty("s3.region"),
                    descriptor.getProperty("s3.bucket"),
                    descriptor.getProperty("s3.access-key"),
                    descriptor.getProperty("s3.secret-key"));
        }

        @Override
        public Path directory() {
            return Path.of(descriptor.getProperty("directory"));
        }

        @Override
        public Map<String, Long> peakResidentBytes() {
            Map<String, Long> peaks = new LinkedHashMap<>();
            descriptor.stringPropertyNames().stream()
                    .filter(name -> name.startsWith("pid."))
                    .sorted()
                    .forEach(name -> {
                        long bytes =
                                ChildProcess.ProcStatus.bytes(Long.parseLong(descriptor.getProperty(name)), "VmHWM");
                        if (bytes >= 0) {
                            peaks.put(name.substring(4), bytes);
                        }
                    });
            return peaks;
        }

        @Override
        public void close() {
            // The launcher stops the stack when the build's Maven process exits.
        }
    }
}

package io.ringvault.launcher;

import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.LocalCertificateAuthority;
import io.ringvault.testkit.LocalService;
import io.ringvault.testkit.StoreTarget;
import io.ringvault.testkit.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ringvault stack up|status|down}: the demo's system, left running in the background for manual use. A
 * supervisor process (started detached by {@code up}) owns every child; {@code down} stops it, and with it everything.
 * The endpoints are in {@code .ringvault/stack/stack.json}, which {@code status --json} prints.
 */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description =
                "Runs the local system (Cassandra, Kafka, object store and the ringvault services) in the background.",
        subcommands = {
            StackCommand.Up.class,
            StackCommand.Status.class,
            StackCommand.Down.class,
            StackCommand.Serve.class
        })
final class StackCommand implements Runnable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path directory() {
        return LauncherCommand.workDirectory().resolve("stack");
    }

    /** The supervisor's pid, written by {@code up} as soon as it starts the supervisor. */
    static Path pidFile() {
        return LauncherCommand.workDirectory().resolve("stack.pid");
    }

    /** The endpoints, written by the supervisor once everything is ready. */
    static Path stateFile() {
        return LauncherCommand.workDirectory().resolve("stack.json");
    }

    /** The coordinator's URL alone, for the {@code ringvault} script to point the CLI at the stack. */
    static Path coordinatorUrlFile() {
        return LauncherCommand.workDirectory().resolve("coordinator-url");
    }

    /** The CA of a stack started with {@code --tls}, for the {@code ringvault} script to give the CLI. */
    static Path caCertificateFile() {
        return LauncherCommand.workDirectory().resolve("ca.pem");
    }

    static Path supervisorLog() {
        return LauncherCommand.workDirectory().resolve("stack-supervisor.log");
    }

    static Optional<ProcessHandle> supervisor() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<JsonNode> state() {
        try {
            return Files.isRegularFile(stateFile())
                    ? Optional.of(JSON.readTree(Files.readString(stateFile())))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void forgetState() {
        try {
            Files.deleteIfExists(stateFile());
            Files.deleteIfExists(coordinatorUrlFile());
            Files.deleteIfExists(caCertificateFile());
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options {@code up} passes on to the supervisor, which {@code serve} reads. */
    static final class StackOptions {
        @Option(
                names = "--store-type",
                paramLabel = "TYPE",
                description = {
                    "Where backups go: filesystem (a directory, the default), s3 (s3proxy), gcs (fake-gcs-server) or",
                    "azure (Azurite). The stack starts the emulator and points the services at it."
                })
        String storeType;

        @Option(names = "--s3", description = "The same as --store-type s3.")
        boolean s3;

        @Option(
                names = "--topology",
                paramLabel = "DC:NODES,...",
                defaultValue = "dc1:1",
                description =
                        "The Cassandra nodes to start, by datacenter, e.g. dc1:2,dc2:2 (default: ${DEFAULT-VALUE}).")
        String topology;

        @Option(
                names = "--store",
                paramLabel = "DIR",
                description = {
                    "Keep the object store's objects in DIR, outside .ringvault/, so backups survive `stack down` and",
                    "a fresh `stack up` on the same DIR (a new cluster) can restore them (default: under the stack)."
                })
        Path store;

        @Option(
                names = "--incremental-backups",
                description = "Start the Cassandra nodes with incremental_backups: true, so `ringvault backup --mode"
                        + " incremental` works without switching them on.")
        boolean incrementalBackups;

        @Option(
                names = "--tls",
                description = {
                    "HTTPS on the coordinator and the node agents, with a CA and certificates made for the stack, and",
                    "mutual TLS from the uploader and restorer to the agents. The ringvault commands trust the CA."
                })
        boolean tls;

        LocalRingvault.Options toOptions() {
            return new LocalRingvault.Options(storeKind(), Topology.parse(topology), store, incrementalBackups, tls);
        }

        /** {@code --store-type}, or S3 with {@code --s3}; the two must agree. */
        StoreTarget.Kind storeKind() {
            StoreTarget.Kind kind = storeType == null ? null : StoreTarget.Kind.parse(storeType);
            if (s3 && kind != null && kind != StoreTarget.Kind.S3) {
                throw new IllegalArgumentException("--s3 and --store-type " + storeType + " contradict each other");
            }
            return s3 ? StoreTarget.Kind.S3 : kind == null ? StoreTarget.Kind.FILESYSTEM : kind;
        }

        List<String> arguments() {
            List<String> arguments = new ArrayList<>();
            StoreTarget.Kind kind = storeKind();
            if (kind != StoreTarget.Kind.FILESYSTEM) {
                arguments.addAll(List.of("--store-type", kind.propertyValue()));
            }
            arguments.addAll(List.of("--topology", topology));
            if (store != null) {
                arguments.addAll(
                        List.of("--store", store.toAbsolutePath().normalize().toString()));
            }
            if (incrementalBackups) {
                arguments.add("--incremental-backups");
            }
            if (tls) {
                arguments.add("--tls");
            }
            return arguments;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Starts the local system in the background.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        StackOptions options = new StackOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = new PrintWriter(System.out, true);
            if (supervisor().isPresent()) {
                out.println("the stack is already running (ringvault stack status; ringvault stack down to stop it)");
                return 0;
            }
            int nodes;
            try {
                nodes = options.toOptions().topology().nodeCount();
            } catch (IllegalArgumentException e) {
                System.err.println("ringvault stack up: " + e.getMessage());
                return 2;
            }
            forgetState();
            Files.createDirectories(LauncherCommand.workDirectory());
            List<String> command = new ArrayList<>();
            // Its own session: a Ctrl-C in this terminal later must not reach the stack.
            if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
                command.add("setsid");
            }
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-jar", LauncherCommand.launcherJar().toString(), "stack", "serve"));
            command.addAll(options.arguments());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(supervisorLog().toFile());
            builder.environment()
                    .put(LauncherCommand.HOME_VARIABLE, LauncherCommand.home().toString());
            Process process = builder.start();
            // With setsid the supervisor is the child's child: the pid file is the supervisor's own word.
            out.println("starting the stack in the background (about " + (nodes == 1 ? "a minute" : nodes * 25 + " s")
                    + "); log: " + supervisorLog());
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                Optional<JsonNode> state = state();
                if (state.isPresent()) {
                    out.println(Status.describe(state.get()));
                    out.println("the ringvault commands now use this stack; stop it with: ringvault stack down");
                    return 0;
                }
                if (!process.isAlive() && supervisor().isEmpty()) {
                    System.err.println("the stack did not start. The end of " + supervisorLog() + ":");
                    tail(supervisorLog(), 30).forEach(System.err::println);
                    forgetState();
                    return 1;
                }
                Thread.sleep(500);
            }
            System.err.println("the stack is not ready after " + START_TIMEOUT.toMinutes() + " minutes; see "
                    + supervisorLog() + ". Stopping it.");
            new Down().call();
            return 1;
        }
    }

    @Command(
            name = "serve",
            hidden = true,
            description = "Runs the stack in the foreground until stopped (what `stack up` starts in the background).")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        StackOptions options = new StackOptions();

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(LauncherCommand.workDirectory());
            Files.writeString(pidFile(), Long.toString(ProcessHandle.current().pid()));
            CountDownLatch stopped = new CountDownLatch(1);
            LocalRingvault system = LocalRingvault.start(
                    LauncherCommand.home(),
                    directory(),
                    options.toOptions(),
                    line -> System.out.println(Instant.now() + " " + line));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println(Instant.now() + " stopping");
                system.close();
                forgetState();
                stopped.countDown();
            }));
            if (system.certificateAuthority().isPresent()) {
                writeAtomically(
                        caCertificateFile(),
                        Files.readString(system.certificateAuthority().get().caCertificate()));
            }
            writeAtomically(coordinatorUrlFile(), system.coordinatorUrl());
            writeAtomically(stateFile(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe(system)));
            System.out.println(Instant.now() + " ready");
            stopped.await();
            return 0;
        }

        private static ObjectNode describe(LocalRingvault system) {
            ObjectNode state = JSON.createObjectNode();
            state.put("pid", ProcessHandle.current().pid());
            state.put("startedAt", Instant.now().toString());
            state.put("directory", system.directory().toString());
            state.put("logs", system.logDirectory().toString());
            state.put("topology", system.options().topology().toString());
            // The first node, where clients connect; "nodes" lists every node.
            describeNode(state.putObject("cassandra"), system, system.cassandra());
            ArrayNode nodes = state.putArray("nodes");
            system.stack().cassandraNodes().forEach(node -> describeNode(nodes.addObject(), system, node));
            state.putObject("kafka").put("bootstrapServers", system.stack().kafkaBootstrapServers());
            state.put("coordinator", system.coordinatorUrl());
            system.certificateAuthority()
                    .ifPresent(ca -> state.putObject("tls")
                            .put("caCertificate", ca.caCertificate().toString())
                            .put("serverCertificate", ca.serverCertificate().toString())
                            .put("serverKey", ca.serverKey().toString())
                            .put("clientCertificate", ca.clientCertificate().toString())
                            .put("clientKey", ca.clientKey().toString()));
            // The file, never the token: stack.json is read by tools that print it.
            state.put("tokenFile", system.tokenFile().toString());
            ObjectNode objectStore = state.putObject("objectStore");
            objectStore.put("cluster", LocalRingvault.CLUSTER_NAME);
            StoreTarget store = system.store();
            if (store.kind() == StoreTarget.Kind.GCS || store.kind() == StoreTarget.Kind.AZURE) {
                // An emulator: its endpoint and bucket or container. Azurite's key is its published development key.
                objectStore.put("type", store.kind().propertyValue());
                objectStore.put("endpoint", store.setting("endpoint"));
                objectStore.put(
                        "bucket",
                        store.kind() == StoreTarget.Kind.GCS ? store.setting("bucket") : store.setting("container"));
                if (system.options().storeDirectory() != null) {
                    objectStore.put(
                            "directory", system.options().storeDirectory().toString());
                }
            } else if (system.s3()) {
                var endpoint = system.stack().objectStore();
                objectStore.put("type", "s3");
                objectStore.put("endpoint", endpoint.endpoint().toString());
                objectStore.put("region", endpoint.region());
                objectStore.put("bucket", endpoint.bucket());
                // Local development credentials of the stack's own s3proxy: printed so tools can reach it.
                objectStore.put("accessKey", endpoint.accessKey());
                objectStore.put("secretKey", endpoint.secretKey());
                if (system.options().storeDirectory() != null) {
                    objectStore.put(
                            "directory", system.options().storeDirectory().toString());
                }
            } else {
                objectStore.put("type", "filesystem");
                objectStore.put("directory", system.objectDirectory().toString());
            }
            objectStore.put("kept", system.options().storeDirectory() != null);
            ObjectNode services = state.putObject("services");
            system.services()
                    .forEach((name, service) -> services.putObject(name)
                            .put("url", service.url())
                            .put("pid", service.pid())
                            .put("log", service.logFile().toString()));
            return state;
        }

        private static void describeNode(ObjectNode node, LocalRingvault system, CassandraEndpoint endpoint) {
            node.put("name", endpoint.name());
            node.put(
                    "cql", endpoint.cql().getHostString() + ":" + endpoint.cql().getPort());
            node.put("datacenter", endpoint.datacenter());
            node.put("rack", endpoint.rack());
            node.put("jmx", endpoint.jmxServiceUrl());
            node.put("jmxPort", jmxPort(endpoint.jmxServiceUrl()));
            node.put("hostId", system.hostId(endpoint));
            node.put("dataDirectories", endpoint.dataDirectories().toString());
            LocalService agent = system.agent(endpoint);
            if (agent != null) {
                node.putObject("agent")
                        .put("url", agent.url())
                        .put("pid", agent.pid())
                        .put("log", agent.logFile().toString());
            }
        }

        private static final Pattern JMX_PORT = Pattern.compile("rmi://[^:/]+:(\\d+)/");

        /** The port of a {@code service:jmx:rmi:///jndi/rmi://host:port/jmxrmi} URL. */
        private static int jmxPort(String serviceUrl) {
            Matcher port = JMX_PORT.matcher(serviceUrl);
            return port.find() ? Integer.parseInt(port.group(1)) : -1;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Shows the local system and its endpoints.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "Print every component's endpoint as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Optional<ProcessHandle> supervisor = supervisor();
            Optional<JsonNode> state = state();
            if (supervisor.isEmpty() || state.isEmpty()) {
                String why = supervisor.isPresent() ? "starting" : "not running";
                if (json) {
                    ObjectNode node =
                            JSON.createObjectNode().put("running", false).put("state", why);
                    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                } else {
                    System.out.println("the stack is " + why + (supervisor.isPresent() ? "" : " (ringvault stack up)"));
                }
                return supervisor.isPresent() ? 0 : 1;
            }
            ObjectNode live = (ObjectNode) state.get().deepCopy();
            Map<String, Boolean> up = probe(live);
            live.put("running", true);
            live.put("healthy", !up.containsValue(false));
            ObjectNode health = live.putObject("up");
            up.forEach(health::put);
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(live));
            } else {
                System.out.println(describe(live));
                up.forEach((component, isUp) -> System.out.printf("  %-12s %s%n", component, isUp ? "up" : "DOWN"));
            }
            return up.containsValue(false) ? 1 : 0;
        }

        /** Whether each component answers now: a port that accepts, or an Actuator health of 200. */
        private static Map<String, Boolean> probe(JsonNode state) {
            Map<String, Boolean> up = new LinkedHashMap<>();
            JsonNode nodes = state.path("nodes");
            if (nodes.isArray() && nodes.size() > 1) {
                nodes.forEach(node -> up.put(
                        "cassandra " + node.path("name").asString(),
                        accepts(node.path("cql").asString())));
            } else {
                up.put("cassandra", accepts(state.path("cassandra").path("cql").asString()));
            }
            up.put("kafka", accepts(state.path("kafka").path("bootstrapServers").asString()));
            SSLContext https = tls(state.path("tls"));
            state.path("services")
                    .properties()
                    .forEach(service -> up.put(
                            service.getKey(),
                            LocalService.isHealthy(
                                    URI.create(service.getValue().path("url").asString() + "/actuator/health"),
                                    https)));
            return up;
        }

        /** The stack's CA and client certificate, to probe HTTPS services; null without TLS. */
        private static SSLContext tls(JsonNode tls) {
            if (tls.isMissingNode()) {
                return null;
            }
            return new LocalCertificateAuthority(
                            Path.of(tls.path("caCertificate").asString()),
                            Path.of(tls.path("serverCertificate").asString()),
                            Path.of(tls.path("serverKey").asString()),
                            Path.of(tls.path("clientCertificate").asString()),
                            Path.of(tls.path("clientKey").asString()))
                    .clientContext();
        }

        static String describe(JsonNode state) {
            JsonNode objects = state.path("objectStore");
            String store = switch (objects.path("type").asString()) {
                case "s3" ->
                    "s3proxy " + objects.path("endpoint").asString() + ", bucket "
                            + objects.path("bucket").asString();
                case "gcs" ->
                    "fake-gcs-server " + objects.path("endpoint").asString() + ", bucket "
                            + objects.path("bucket").asString();
                case "azure" ->
                    "Azurite " + objects.path("endpoint").asString() + ", container "
                            + objects.path("bucket").asString();
                default -> "directory " + objects.path("directory").asString();
            };
            List<String> lines = new ArrayList<>();
            lines.add("ringvault stack (pid " + state.path("pid").asLong() + ")");
            lines.add("  coordinator  " + state.path("coordinator").asString());
            if (state.has("tls")) {
                lines.add("  tls          CA "
                        + state.path("tls").path("caCertificate").asString()
                        + " (the ringvault commands trust it); agents need a client certificate: "
                        + state.path("tls").path("clientCertificate").asString());
            }
            if (state.hasNonNull("tokenFile")) {
                lines.add("  token        " + state.path("tokenFile").asString()
                        + " (admin; ./ringvault sends it by itself; elsewhere: export RINGVAULT_TOKEN=$(cat "
                        + state.path("tokenFile").asString() + "))");
            }
            JsonNode nodes = state.path("nodes");
            if (!nodes.isArray() || nodes.isEmpty()) {
                nodes = JSON.createArrayNode().add(state.path("cassandra"));
            }
            nodes.forEach(node -> lines.add("  cassandra    " + node.path("cql").asString() + " ("
                    + node.path("name").asString("node1") + ", "
                    + node.path("datacenter").asString() + "/"
                    + node.path("rack").asString() + ", JMX port "
                    + node.path("jmxPort").asInt()
                    + ", host id " + node.path("hostId").asString() + ", agent "
                    + node.path("agent").path("url").asString("-") + ")"));
            lines.add("  kafka        "
                    + state.path("kafka").path("bootstrapServers").asString());
            lines.add("  objects      " + store + (objects.path("kept").asBoolean() ? " (kept)" : ""));
            lines.add("  logs         " + state.path("logs").asString());
            return String.join(System.lineSeparator(), lines);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stops the local system and all it started.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Optional<ProcessHandle> supervisor = supervisor();
            if (supervisor.isEmpty()) {
                forgetState();
                System.out.println("the stack is not running");
                return 0;
            }
            System.out.println("stopping the stack (pid " + supervisor.get().pid() + ")...");
            supervisor.get().destroy();
            try {
                supervisor.get().onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println(
                        "it did not stop within " + STOP_TIMEOUT.toSeconds() + " s: killing it and its children");
                supervisor.get().descendants().forEach(ProcessHandle::destroyForcibly);
                supervisor.get().destroyForcibly();
            }
            forgetState();
            System.out.println("stopped");
            return 0;
        }
    }

    private static boolean accepts(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))),
                    1000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}

package io.ringvault.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a local stack from the command line until stdin closes or the process is told to stop, printing its endpoints
 * as JSON. Used by {@code bench/stack-startup.sh}; the {@code ringvault} command builds on the same API.
 *
 * <p>With {@code --owner-pid}, it runs until that process exits instead, and {@code --descriptor} writes the endpoints
 * where test JVMs find them: that is how a build shares one stack ({@link BuildStack}).
 *
 * <pre>java -cp … io.ringvault.testkit.StackLauncher DIR [--nodes N] [--exit-after-start] [--owner-pid PID]
 *     [--descriptor FILE]</pre>
 */
public final class StackLauncher {
    private StackLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0) {
            System.err.println("usage: StackLauncher DIR [--nodes N | --topology dc1:2,dc2:2] [--exit-after-start]"
                    + " [--owner-pid PID] [--descriptor FILE]");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        int nodes = 1;
        Topology topology = null;
        boolean exitAfterStart = false;
        Long ownerPid = null;
        Path descriptor = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--topology" -> topology = Topology.parse(args[++i]);
                case "--exit-after-start" -> exitAfterStart = true;
                case "--owner-pid" -> ownerPid = Long.parseLong(args[++i]);
                case "--descriptor" -> descriptor = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        StackSpec spec = StackSpec.in(directory);
        if (topology != null) {
            spec.topology(topology);
        } else {
            for (int n = 1; n <= nodes; n++) {
                spec.cassandraNode(CassandraNodeSpec.node(n, "dc1", "rack" + n));
            }
        }
        long startNanos = System.nanoTime();
        LocalStack stack = LocalStack.start(spec);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.println(toJson(stack, seconds));
        System.out.flush();

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stop.countDown();
        }));
        if (exitAfterStart) {
            System.exit(0);
        }
        if (descriptor != null) {
            BuildStack.writeDescriptor(stack, descriptor);
        }
        if (ownerPid != null) {
            // The owner is the build: the stack lives exactly as long as it does.
            ProcessHandle.of(ownerPid).ifPresent(owner -> owner.onExit().join());
            System.exit(0);
        }
        try {
            while (System.in.read() >= 0) {
                // Runs until stdin closes: the caller's lifetime bounds the stack's.
            }
        } catch (java.io.IOException e) {
            // stdin gone: stop as well
        }
        System.exit(0);
    }

    static String toJson(LocalStack stack, double startSeconds) {
        List<String> nodes = new ArrayList<>();
        for (CassandraEndpoint node : stack.cassandraNodes()) {
            nodes.add("{\"name\":\"%s\",\"cql\":\"%s:%d\",\"datacenter\":\"%s\",\"rack\":\"%s\",\"jmx\":\"%s\"}"
                    .formatted(
                            node.name(),
                            node.cql().getHostString(),
                            node.cql().getPort(),
                            node.datacenter(),
                            node.rack(),
                            node.jmxServiceUrl()));
        }
        List<String> pids = new ArrayList<>();
        for (Map.Entry<String, Long> pid : stack.pids().entrySet()) {
            pids.add("\"%s\":%d".formatted(pid.getKey(), pid.getValue()));
        }
        ObjectStoreEndpoint s3 = stack.objectStore();
        return "{\"startSeconds\":%.2f,\"directory\":\"%s\",\"cassandra\":[%s],\"kafka\":\"%s\",\"s3\":{\"endpoint\":\"%s\",\"bucket\":\"%s\"},\"pids\":{%s}}"
                .formatted(
                        startSeconds,
                        stack.directory(),
                        String.join(",", nodes),
                        stack.kafkaBootstrapServers(),
                        s3.endpoint(),
                        s3.bucket(),
                        String.join(",", pids));
    }
}

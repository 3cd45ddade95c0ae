package io.ringvault.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports chosen at run time, so that no test depends on 9042 or 9092 being free.
 *
 * <p>They are taken below the kernel's ephemeral range (Linux: {@code ip_local_port_range}, 32768-60999 by default),
 * never from it: a port is chosen some seconds before the service binds it, and in between an outgoing connection of
 * any process on the machine (a Kafka client, a driver, an HTTP call) may be given that very port as its local one,
 * which makes the service fail with "Address already in use". Below the range only a listener can take it.
 */
final class FreePorts {
    /** The lowest port handed out: above the well-known and the usual fixed service ports. */
    private static final int LOWEST = 10_000;
    /** Ports this JVM handed out: none twice, since none is held until the service binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final int EPHEMERAL_LOW = ephemeralLow();

    private FreePorts() {}

    /** A port that is free on every one of the given addresses (Cassandra nodes share their ports, as with ccm). */
    static int freeOnAll(List<InetAddress> addresses) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = unusedBelowEphemeral();
            if (addresses.stream().allMatch(address -> isFree(address, candidate)) && HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no port free on all of " + addresses);
    }

    static int free(InetAddress address) {
        return freeOnAll(List.of(address));
    }

    private static int unusedBelowEphemeral() {
        return ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_LOW);
    }

    /**
     * The low end of the kernel's ephemeral range; Linux's default when it cannot be read. (procfs files report no
     * size, so they are read line by line: {@code Files.readString} would stop after the first byte.)
     */
    private static int ephemeralLow() {
        try {
            String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")))
                    .strip();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST + 1000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    static boolean isFree(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, address)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once something accepts TCP connections on the address. */
    static boolean isAccepting(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

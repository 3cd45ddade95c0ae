package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/** Ports chosen at run time, so that no test depends on 9042 or 9092 being free. */
final class FreePorts {
    private FreePorts() {}

    /** A port that is free on every one of the given addresses (Cassandra nodes share their ports, as with ccm). */
    static int freeOnAll(List<InetAddress> addresses) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ephemeral(addresses.get(0));
            if (addresses.stream().allMatch(address -> isFree(address, candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no port free on all of " + addresses);
    }

    static int free(InetAddress address) {
        return ephemeral(address);
    }

    private static int ephemeral(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a port on " + address.getHostAddress(), e);
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

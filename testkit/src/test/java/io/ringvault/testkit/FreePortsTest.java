package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void shouldHandOutBindablePortsBelowTheEphemeralRangeAndNoneTwice() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = i % 2 == 0 ? FreePorts.free(loopback) : FreePorts.freeOnAll(List.of(loopback));
            assertThat(port).isBetween(10_000, 60_999);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        // Outgoing connections take their local ports from the ephemeral range: none handed out may lie in it.
        int ephemeralLow = Integer.parseInt(readRange().split("\\s+")[0]);
        assertThat(ports).allSatisfy(port -> assertThat(port).isLessThan(ephemeralLow));
    }

    private static String readRange() {
        try {
            return String.join(
                            " ",
                            java.nio.file.Files.readAllLines(
                                    java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")))
                    .strip();
        } catch (java.io.IOException e) {
            return "32768 60999";
        }
    }
}

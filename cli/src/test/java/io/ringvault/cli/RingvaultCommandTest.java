package io.ringvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RingvaultCommandTest {
    @Test
    void shouldPrintUsageAndExitZeroWithHelp() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand())
                .setOut(new PrintWriter(out))
                .execute("--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: ringvault").contains("Backup and restore for Apache Cassandra");
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitTwo() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RingvaultCommand())
                .setErr(new PrintWriter(err))
                .execute("--bogus");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}

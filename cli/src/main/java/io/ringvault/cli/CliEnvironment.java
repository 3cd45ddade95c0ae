package io.ringvault.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What the commands take from the world around them, gathered in one place so tests can substitute it.
 *
 * @param variables environment variable lookup ({@link System#getenv(String)} in real use)
 * @param interactive whether standard output is a terminal that understands ANSI redraws
 * @param clock for progress timestamps and rates
 * @param zone the zone times are shown in
 * @param pollInterval how often {@code watch} and {@code --wait} ask the coordinator, once an operation has run a while
 */
public record CliEnvironment(
        Function<String, String> variables,
        BooleanSupplier interactive,
        Clock clock,
        ZoneId zone,
        Duration pollInterval) {

    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    public static CliEnvironment system() {
        return new CliEnvironment(
                System::getenv,
                () -> stdoutIsTerminal(System.getenv("TERM")),
                Clock.systemUTC(),
                ZoneId.systemDefault(),
                DEFAULT_POLL_INTERVAL);
    }

    public String variable(String name) {
        String value = variables.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** {@code user@host}: who a request says asked, unless {@code --requested-by} says otherwise. */
    public String requester() {
        String user = variable("USER");
        if (user == null) {
            user = System.getProperty("user.name", "unknown");
        }
        String host = variable("HOSTNAME");
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return user + "@" + host;
    }

    /** The terminal's width from {@code COLUMNS}, or 0 when unknown. */
    public int terminalColumns() {
        try {
            String columns = variable("COLUMNS");
            return columns == null ? 0 : Math.max(0, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * {@code System.console() != null}, except that from JDK 22 a console exists even when redirected, and there
     * {@code Console.isTerminal()} has the answer. A dumb terminal gets plain lines.
     */
    static boolean stdoutIsTerminal(String term) {
        Console console = System.console();
        if (console == null || "dumb".equals(term)) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}

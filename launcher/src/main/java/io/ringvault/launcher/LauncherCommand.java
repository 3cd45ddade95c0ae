package io.ringvault.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ringvault demo} and {@code ringvault stack}: the whole system on this machine, from a checkout. The
 * {@code ringvault} script sends these two commands here and every other one to the CLI.
 */
@Command(
        name = "ringvault",
        mixinStandardHelpOptions = true,
        description = "ringvault on this machine: the demo and the local stack.",
        subcommands = {DemoCommand.class, StackCommand.class})
public final class LauncherCommand implements Runnable {
    static final String HOME_VARIABLE = "RINGVAULT_HOME";
    static final String WORK_DIRECTORY_VARIABLE = "RINGVAULT_WORK_DIR";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LauncherCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The checkout: {@code $RINGVAULT_HOME} (the script sets it), else the directory this jar was built in
     * ({@code <home>/launcher/target/ringvault-launcher.jar}).
     */
    static Path home() {
        String variable = System.getenv(HOME_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath().normalize();
        }
        try {
            Path home = launcherJar().getParent().getParent().getParent();
            if (Files.isRegularFile(home.resolve("pom.xml"))) {
                return home;
            }
        } catch (URISyntaxException | NullPointerException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** The jar (or classes directory) this command runs from. */
    static Path launcherJar() throws URISyntaxException {
        return Path.of(LauncherCommand.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Where the demo and the stack keep their state: {@code $RINGVAULT_WORK_DIR}, else {@code .ringvault/} (git ignores it). */
    static Path workDirectory() {
        String variable = System.getenv(WORK_DIRECTORY_VARIABLE);
        return variable != null && !variable.isBlank()
                ? Path.of(variable).toAbsolutePath().normalize()
                : home().resolve(".ringvault");
    }
}

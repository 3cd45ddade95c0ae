package io.ringvault.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ringvault} command. Its subcommands talk to the coordinator's REST API. */
@Command(
        name = "ringvault",
        mixinStandardHelpOptions = true,
        versionProvider = RingvaultCommand.Version.class,
        description = "Backup and restore for Apache Cassandra.")
public class RingvaultCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RingvaultCommand()).execute(args));
    }

    @Override
    public void run() {
        // No subcommand given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RingvaultCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ringvault " + (version == null ? "(development build)" : version)};
        }
    }
}

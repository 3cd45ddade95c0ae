package io.ringvault.cli;

import io.ringvault.cli.client.CoordinatorTrust;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code ringvault} command. Its subcommands talk to the coordinator's REST API. */
@Command(
        name = "ringvault",
        mixinStandardHelpOptions = true,
        versionProvider = RingvaultCommand.Version.class,
        description = "Backup and restore for Apache Cassandra.",
        subcommands = {
            BackupCommand.class,
            RestoreCommand.class,
            OperationsCommand.class,
            BackupsCommand.class,
            SchedulesCommand.class,
            ContinuousCommand.class,
            ImportCommand.class
        },
        footer = {
            "",
            "From a checkout, ./ringvault also runs the system on this machine:",
            "  demo                     backup and restore of sample data, every row checked",
            "  stack up|status|down     the same local stack in the background, for these commands",
            "",
            "Exit codes: 0 done (operation completed), 1 operation failed or cancelled,",
            "2 bad usage or request refused by the coordinator, 3 coordinator unreachable.",
            "",
            "A coordinator with authentication on needs a token: $RINGVAULT_TOKEN, or --token-file.",
        })
public class RingvaultCommand implements Runnable {
    static final String COORDINATOR_VARIABLE = "RINGVAULT_COORDINATOR";
    static final String DEFAULT_COORDINATOR = "http://127.0.0.1:8080";
    static final String CA_CERT_VARIABLE = "RINGVAULT_CA_CERT";
    public static final String TOKEN_VARIABLE = "RINGVAULT_TOKEN";
    public static final String TOKEN_FILE_VARIABLE = "RINGVAULT_TOKEN_FILE";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--coordinator",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "The coordinator's base URL. Default: $" + COORDINATOR_VARIABLE + ", else "
                    + DEFAULT_COORDINATOR + ".")
    String coordinator;

    @Option(
            names = "--ca-cert",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "CA certificates (PEM) to trust for an https:// coordinator, besides the JVM's. Default: $"
                    + CA_CERT_VARIABLE + ".")
    Path caCert;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "A file holding the API token to send (Authorization: Bearer). Default: $" + TOKEN_VARIABLE
                    + ", else the file $" + TOKEN_FILE_VARIABLE + " names; none without either.")
    Path tokenFile;

    private final CliEnvironment environment;

    public RingvaultCommand() {
        this(CliEnvironment.system());
    }

    public RingvaultCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RingvaultCommand()).execute(args));
    }

    @Override
    public void run() {
        // No subcommand given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    CliEnvironment environment() {
        return environment;
    }

    /**
     * {@code --coordinator}, else {@code $RINGVAULT_COORDINATOR}, else the local default; must be an http(s) URL.
     *
     * @param command the command being run, whose usage a bad URL is reported with
     */
    URI coordinatorUri(CommandLine command) {
        String origin = "--coordinator";
        String url = coordinator;
        if (url == null || url.isBlank()) {
            origin = "$" + COORDINATOR_VARIABLE;
            url = environment.variable(COORDINATOR_VARIABLE);
        }
        if (url == null) {
            return URI.create(DEFAULT_COORDINATOR);
        }
        try {
            URI uri = new URI(url.trim());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(command, origin + ": '" + url + "' is not an http:// or https:// URL");
    }

    /**
     * The certificates trusted over HTTPS: the JVM's, plus {@code --ca-cert}'s (else {@code $RINGVAULT_CA_CERT}'s);
     * null when neither is given.
     *
     * @param command the command being run, whose usage a bad file is reported with
     */
    SSLSocketFactory coordinatorTls(CommandLine command) {
        String origin = "--ca-cert";
        Path file = caCert;
        if (file == null) {
            String variable = environment.variable(CA_CERT_VARIABLE);
            if (variable == null || variable.isBlank()) {
                return null;
            }
            origin = "$" + CA_CERT_VARIABLE;
            file = Path.of(variable.strip());
        }
        try {
            return CoordinatorTrust.withCaFile(file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, origin + ": " + e.getMessage());
        }
    }

    /**
     * The bearer token: the file {@code --token-file} names, else {@code $RINGVAULT_TOKEN}, else the file
     * {@code $RINGVAULT_TOKEN_FILE} names; null when none is given (a coordinator with authentication off). The token
     * is never printed: errors name the file, never its content.
     */
    String token(CommandLine command) {
        if (tokenFile != null) {
            return readToken(command, tokenFile, "--token-file");
        }
        String token = environment.variable(TOKEN_VARIABLE);
        if (token != null) {
            return token.strip();
        }
        String file = environment.variable(TOKEN_FILE_VARIABLE);
        return file == null ? null : readToken(command, Path.of(file.strip()), "$" + TOKEN_FILE_VARIABLE);
    }

    private static String readToken(CommandLine command, Path file, String origin) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    command,
                    origin + ": the token file " + file + " cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty() || token.contains("\n") || token.contains(" ")) {
            throw new CommandLine.ParameterException(
                    command, origin + ": the token file " + file + " must hold one token on one line");
        }
        return token;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RingvaultCommand.class.getPackage().getImplementationVersion();
            return new String[] {"ringvault " + (version == null ? "(development build)" : version)};
        }
    }
}

package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command-line tool from PyPI at a pinned version, installed on first use into a virtual environment of its own under
 * {@code ~/.cache/ringvault/tools/<package>-<version>} (or {@code RINGVAULT_TOOLS_DIR}) and reused after that. Needs
 * {@code python3} (3.9 or later, with {@code venv}) and access to PyPI the first time; nothing is installed anywhere
 * else. Two JVMs asking at once install it once: the second waits on a file lock.
 */
public final class PythonTool {
    public static final String TOOLS_DIRECTORY_VARIABLE = "RINGVAULT_TOOLS_DIR";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private PythonTool() {}

    /**
     * The path of {@code executable} from {@code pipPackage}=={@code version}, installing the package first if it is not
     * there yet.
     */
    public static Path executable(String pipPackage, String version, String executable, Duration timeout) {
        for (String part : List.of(pipPackage, version, executable)) {
            if (!NAME.matcher(Objects.requireNonNull(part)).matches()) {
                throw new IllegalArgumentException("not a plain package, version or command name: '" + part + "'");
            }
        }
        Path tools = toolsDirectory();
        Path home = tools.resolve(pipPackage + "-" + version);
        Path command = home.resolve("bin").resolve(executable);
        Path installed = home.resolve(".installed");
        if (Files.exists(installed)) {
            return command;
        }
        try {
            Files.createDirectories(tools);
            try (FileChannel lockFile = FileChannel.open(
                            tools.resolve(pipPackage + "-" + version + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (!Files.exists(installed)) {
                    install(pipPackage, version, tools, home, timeout);
                    Files.writeString(installed, pipPackage + "==" + version + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + pipPackage + " " + version + " under " + tools, e);
        }
        if (!Files.isExecutable(command)) {
            throw new IllegalStateException(pipPackage + " " + version + " has no command '" + executable + "'");
        }
        return command;
    }

    /**
     * A virtual environment cannot be moved (its scripts name its own python), so it is built in place, and counts as
     * installed only once {@code .installed} is written after it: a half-made one is removed and made again.
     */
    private static void install(String pipPackage, String version, Path tools, Path home, Duration timeout)
            throws IOException {
        Directories.deleteRecursively(home);
        Path log = tools.resolve(home.getFileName() + ".install.log");
        Files.deleteIfExists(log);
        String service = "pip install " + pipPackage + "==" + version;
        ChildProcess.runToCompletion(
                service, List.of(python(), "-m", "venv", home.toString()), tools, log, Map.of(), timeout);
        ChildProcess.runToCompletion(
                service,
                List.of(
                        home.resolve("bin/python").toString(),
                        "-m",
                        "pip",
                        "install",
                        "--disable-pip-version-check",
                        "--quiet",
                        pipPackage + "==" + version),
                tools,
                log,
                Map.of(),
                timeout);
    }

    private static String python() {
        String configured = System.getenv("RINGVAULT_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    static Path toolsDirectory() {
        String configured = System.getenv(TOOLS_DIRECTORY_VARIABLE);
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "ringvault", "tools")
                : Path.of(configured);
    }
}

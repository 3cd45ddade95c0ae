package io.ringvault.cli;

/** The exit codes of every ringvault command, for scripts to branch on. */
public final class ExitCode {
    /** Done; for {@code watch} and {@code --wait}: the operation completed. */
    public static final int OK = 0;
    /** The watched operation failed or was cancelled. */
    public static final int OPERATION_FAILED = 1;
    /** Bad usage, or the coordinator refused the request (HTTP 4xx). Also picocli's code for usage errors. */
    public static final int USAGE = 2;
    /** The coordinator could not be reached, or could not serve the request (HTTP 5xx). */
    public static final int UNREACHABLE = 3;

    private ExitCode() {}
}

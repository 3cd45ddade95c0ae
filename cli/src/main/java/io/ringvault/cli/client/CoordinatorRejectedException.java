package io.ringvault.cli.client;

import java.net.URI;

/** The coordinator answered with an error status; {@link #problem()} carries its RFC 9457 explanation. */
public final class CoordinatorRejectedException extends CoordinatorException {
    private final int status;
    private final Problem problem;

    public CoordinatorRejectedException(URI coordinator, int status, Problem problem) {
        super(coordinator, describe(status, problem), null);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }

    /** 4xx: the request itself was wrong (bad input, unknown id). 5xx: the coordinator could not serve it. */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    private static String describe(int status, Problem problem) {
        String title = problem.title() == null || problem.title().isBlank() ? "HTTP " + status : problem.title();
        String detail = problem.detail() == null || problem.detail().isBlank() ? null : problem.detail();
        return detail == null ? title + " (" + status + ")" : title + " (" + status + "): " + detail;
    }
}

package io.ringvault.coordinator.security;

import io.ringvault.common.message.OperationKind;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The role each endpoint needs: the one table the security filter chain is built from and a 403 answer names its role
 * from. docs/security.md lists the same matrix. An endpoint no rule names needs {@link Role#ADMIN}, so a new endpoint
 * without a rule is closed rather than open.
 */
public final class EndpointRoles {
    /** Served to anyone: liveness and readiness probes, and the API's OpenAPI description. */
    public static final List<String> OPEN =
            List.of("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**");

    /** An endpoint (method and path pattern) and the role it needs. */
    public record Rule(HttpMethod method, String pattern, Role role) {
        public RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }
    }

    /** First match wins: the specific paths before the catch-all reads. */
    public static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, "/api/v1/backups", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/imports", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/backups/purge", Role.ADMIN),
            new Rule(HttpMethod.POST, "/api/v1/backups/gc", Role.ADMIN),
            new Rule(HttpMethod.POST, "/api/v1/backups/{id}/verify", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/backups/{id}/copy", Role.OPERATOR),
            new Rule(HttpMethod.DELETE, "/api/v1/backups/{id}", Role.ADMIN),
            new Rule(HttpMethod.POST, "/api/v1/restores", Role.ADMIN),
            // The kind of the operation raises it to admin for a restore, delete, purge or gc: see toCancel.
            new Rule(HttpMethod.POST, "/api/v1/operations/{id}/cancel", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/schedules", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/schedules/{name}/pause", Role.OPERATOR),
            new Rule(HttpMethod.POST, "/api/v1/schedules/{name}/resume", Role.OPERATOR),
            new Rule(HttpMethod.DELETE, "/api/v1/schedules/{name}", Role.OPERATOR),
            new Rule(HttpMethod.GET, "/api/**", Role.VIEWER),
            new Rule(HttpMethod.HEAD, "/api/**", Role.VIEWER),
            new Rule(HttpMethod.GET, "/actuator/**", Role.VIEWER));

    /** What an endpoint without a rule needs. */
    public static final Role UNLISTED = Role.ADMIN;

    private EndpointRoles() {}

    /** The role a request needs, by the first rule that matches it. */
    public static Role needed(HttpServletRequest request) {
        return RULES.stream()
                .filter(rule -> rule.matcher().matches(request))
                .map(Rule::role)
                .findFirst()
                .orElse(UNLISTED);
    }

    /**
     * The role a cancel of an operation of this kind needs: an operator stops what an operator may start; stopping a
     * restore, delete, purge or gc half-way changes data as much as starting one, so it takes an admin.
     */
    public static Role toCancel(Optional<OperationKind> kind) {
        return switch (kind.orElse(OperationKind.BACKUP)) {
            case BACKUP, VERIFY, COPY -> Role.OPERATOR;
            case RESTORE, DELETE, PURGE, GC -> Role.ADMIN;
        };
    }
}

package io.ringvault.coordinator.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the coordinator's API ({@code ringvault.coordinator.auth.*}, docs/security.md). The defaults are here,
 * and only here.
 *
 * @param enabled whether callers must authenticate; default true. False serves every request to anyone: only for
 *     experiments on a machine of one's own
 * @param tokens static API tokens, each a name, a role and the SHA-256 of the token
 * @param tokensFile a file of more static tokens, a line {@code name:role:sha256hex} each (a mounted Secret)
 * @param jwt OAuth2 / OpenID Connect bearer tokens, validated as JWTs
 */
@ConfigurationProperties("ringvault.coordinator.auth")
public record AuthProperties(Boolean enabled, List<Token> tokens, Path tokensFile, Jwt jwt) {
    public AuthProperties {
        tokensFile = tokensFile == null || tokensFile.toString().isBlank() ? null : tokensFile;
        enabled = enabled == null || enabled;
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * One static API token ({@code tokens[N].*}).
     *
     * @param name the principal the token stands for: {@code requestedBy} of what it asks
     * @param sha256 the hex SHA-256 of the token ({@code printf %s "$TOKEN" | sha256sum}); never the token
     * @param role {@code viewer}, {@code operator} or {@code admin}
     */
    public record Token(String name, String sha256, String role) {
        @Override
        public String toString() {
            return "Token[name=" + name + ", role=" + role + ", sha256=(redacted)]";
        }
    }

    /**
     * JWT bearer tokens ({@code jwt.*}).
     *
     * @param issuerUri the issuer: tokens must carry it as {@code iss}; its keys are discovered from its OpenID
     *     configuration unless {@code jwkSetUri} is given
     * @param jwkSetUri where the issuer's signing keys are (a JWK Set)
     * @param audience when set, tokens must name it in {@code aud}
     * @param rolesClaim the claim holding the caller's roles, a list or a space-separated string; a dotted path reaches
     *     into objects ({@code realm_access.roles}). Default {@code roles}
     * @param principalClaim the claim naming the caller; default {@code preferred_username}, then {@code sub}
     */
    public record Jwt(URI issuerUri, URI jwkSetUri, String audience, String rolesClaim, String principalClaim) {
        public static final String DEFAULT_ROLES_CLAIM = "roles";
        public static final String DEFAULT_PRINCIPAL_CLAIM = "preferred_username";

        public Jwt {
            audience = blankToNull(audience);
            rolesClaim = blankToNull(rolesClaim) == null ? DEFAULT_ROLES_CLAIM : rolesClaim.strip();
            principalClaim = blankToNull(principalClaim) == null ? DEFAULT_PRINCIPAL_CLAIM : principalClaim.strip();
            issuerUri = blankToNull(issuerUri);
            jwkSetUri = blankToNull(jwkSetUri);
        }

        public boolean configured() {
            return issuerUri != null || jwkSetUri != null;
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text;
        }

        private static URI blankToNull(URI uri) {
            return uri == null || uri.toString().isBlank() ? null : uri;
        }
    }
}

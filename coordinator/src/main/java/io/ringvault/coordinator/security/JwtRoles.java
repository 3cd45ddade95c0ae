package io.ringvault.coordinator.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A JWT's caller and role. The role comes from the roles claim ({@code viewer}, {@code operator}, {@code admin}, or the
 * same with a {@code ringvault:} prefix), and from the OAuth2 scopes {@code ringvault:viewer}, {@code
 * ringvault:operator} and {@code ringvault:admin} in {@code scope} or {@code scp}; the highest one found counts. Other
 * values are someone else's and are ignored. A token with none is authenticated but may do nothing.
 */
public final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {
    static final String PREFIX = "ringvault:";

    private final String rolesClaim;
    private final String principalClaim;

    public JwtRoles(AuthProperties.Jwt settings) {
        this.rolesClaim = settings.rolesClaim();
        this.principalClaim = settings.principalClaim();
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, role(jwt).map(Role::authorities).orElse(List.of()), principal(jwt));
    }

    /** The highest role the token grants, if any. */
    public Optional<Role> role(Jwt jwt) {
        Role highest = null;
        for (String value : values(claim(jwt.getClaims(), rolesClaim))) {
            String code = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
            highest = higher(highest, Role.ofCode(code).orElse(null));
        }
        for (String scopeClaim : List.of("scope", "scp")) {
            for (String value : values(jwt.getClaims().get(scopeClaim))) {
                if (value.startsWith(PREFIX)) {
                    highest = higher(
                            highest,
                            Role.ofCode(value.substring(PREFIX.length())).orElse(null));
                }
            }
        }
        return Optional.ofNullable(highest);
    }

    /** The principal claim if it is a non-blank string, else the subject. */
    public String principal(Jwt jwt) {
        Object named = claim(jwt.getClaims(), principalClaim);
        if (named instanceof String name && !name.isBlank()) {
            return name;
        }
        return jwt.getSubject();
    }

    private static Role higher(Role a, Role b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** A claim by a dotted path: {@code realm_access.roles} is the {@code roles} of the object {@code realm_access}. */
    private static Object claim(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** A list of strings, or a string of values separated by spaces or commas. */
    private static List<String> values(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof String text) {
            for (String value : text.split("[\\s,]+")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            for (Object value : collection) {
                if (value instanceof String text && !text.isBlank()) {
                    values.add(text.strip());
                }
            }
        }
        return values;
    }
}

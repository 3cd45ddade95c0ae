package io.ringvault.coordinator.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** Authenticates a bearer token that is one of the static {@link ApiTokens}: the caller is the token's name. */
public final class ApiTokenAuthenticationProvider implements AuthenticationProvider {
    private final ApiTokens tokens;

    public ApiTokenAuthenticationProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
        return tokens.match(presented)
                .map(token -> (Authentication) UsernamePasswordAuthenticationToken.authenticated(
                        token.name(), null, token.role().authorities()))
                // A JWT provider after this one may still accept it; if none does, this is the answer's reason.
                .orElseThrow(() -> new InvalidBearerTokenException("the token is not a known API token"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

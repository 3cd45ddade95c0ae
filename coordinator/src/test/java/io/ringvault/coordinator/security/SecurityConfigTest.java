package io.ringvault.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

class SecurityConfigTest {
    private static final String TOKEN = "rv_c2VjdXJpdHktY29uZmlnLXRlc3QtdG9rZW4";

    @Test
    void shouldRefuseToStartWithAuthenticationOnAndNoWayToAuthenticate() {
        AuthProperties nothing = new AuthProperties(null, null, null, null);

        assertThat(nothing.isEnabled()).as("on by default").isTrue();
        assertThatThrownBy(() -> SecurityConfig.authenticationManager(nothing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ringvault.coordinator.auth.tokens[N].name")
                .hasMessageContaining("ringvault.coordinator.auth.tokens-file")
                .hasMessageContaining("ringvault.coordinator.auth.jwt.issuer-uri")
                .hasMessageContaining("ringvault.coordinator.auth.enabled=false");
    }

    @Test
    void shouldAuthenticateAStaticTokenAsItsNameWithItsRole() {
        AuthenticationManager manager = SecurityConfig.authenticationManager(new AuthProperties(
                true,
                List.of(new AuthProperties.Token("ci", HexFormat.of().formatHex(ApiTokens.sha256(TOKEN)), "operator")),
                null,
                null));

        Authentication caller = manager.authenticate(new BearerTokenAuthenticationToken(TOKEN));

        assertThat(caller.getName()).isEqualTo("ci");
        assertThat(caller.getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_VIEWER", "ROLE_OPERATOR");
        assertThatThrownBy(() -> manager.authenticate(new BearerTokenAuthenticationToken(TOKEN + "x")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void shouldStartWithAJwtIssuerAloneWithoutReachingIt() {
        // The issuer's keys are fetched on first use: nothing listens at this address, and the start succeeds.
        AuthProperties jwtOnly = new AuthProperties(
                true,
                List.of(),
                null,
                new AuthProperties.Jwt(URI.create("http://127.0.0.1:9/realms/ops"), null, null, null, null));

        assertThat(SecurityConfig.authenticationManager(jwtOnly)).isNotNull();
    }
}

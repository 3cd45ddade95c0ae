package io.ringvault.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Tokens signed here with a generated RSA key, decoded by a decoder that knows only the public key. */
class JwtRolesTest {
    private static final String ISSUER = "https://idp.example.test/realms/ops";
    private static KeyPair keys;
    private static JwtDecoder decoder;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        NimbusJwtDecoder nimbus =
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        nimbus.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        decoder = nimbus;
    }

    private static Jwt token(KeyPair signer, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("f3c1c0de-0000-4000-8000-000000000001")
                .issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.accept(builder);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return decoder.decode(jwt.serialize());
    }

    private static Jwt token(Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        return token(keys, claims);
    }

    private static final JwtRoles DEFAULTS = new JwtRoles(new AuthProperties.Jwt(null, null, null, null, null));

    @Test
    void shouldTakeTheHighestRoleOfTheRolesClaim() throws Exception {
        Jwt jwt = token(claims -> claims.claim("roles", List.of("viewer", "admin", "operator")));
        assertThat(DEFAULTS.role(jwt)).contains(Role.ADMIN);
    }

    @Test
    void shouldAcceptPrefixedRolesAndIgnoreOtherApplicationsRoles() throws Exception {
        Jwt jwt = token(
                claims -> claims.claim("roles", List.of("billing-admin", "ringvault:operator", "offline_access")));
        assertThat(DEFAULTS.role(jwt)).contains(Role.OPERATOR);
    }

    @Test
    void shouldTakeTheRoleFromRingvaultScopes() throws Exception {
        Jwt scope = token(claims -> claims.claim("scope", "openid profile ringvault:viewer"));
        Jwt scp = token(claims -> claims.claim("scp", List.of("ringvault:admin", "email")));
        // A scope must carry the prefix: a bare "admin" scope belongs to someone else.
        Jwt bare = token(claims -> claims.claim("scope", "openid admin"));

        assertThat(DEFAULTS.role(scope)).contains(Role.VIEWER);
        assertThat(DEFAULTS.role(scp)).contains(Role.ADMIN);
        assertThat(DEFAULTS.role(bare)).isEmpty();
    }

    @Test
    void shouldReadANestedRolesClaimByItsDottedPath() throws Exception {
        JwtRoles keycloak = new JwtRoles(new AuthProperties.Jwt(null, null, null, "realm_access.roles", null));
        Jwt jwt = token(
                claims -> claims.claim("realm_access", Map.of("roles", List.of("uma_authorization", "operator"))));

        assertThat(keycloak.role(jwt)).contains(Role.OPERATOR);
        assertThat(DEFAULTS.role(jwt)).isEmpty();
    }

    @Test
    void shouldGrantNothingToATokenWithoutARole() throws Exception {
        Jwt jwt = token(claims -> {});
        AbstractAuthenticationToken authentication = DEFAULTS.convert(jwt);
        assertThat(authentication.getAuthorities()).isEmpty();
    }

    @Test
    void shouldNameTheCallerByThePrincipalClaimThenTheSubject() throws Exception {
        Jwt named = token(claims -> claims.claim("preferred_username", "alice").claim("roles", "operator"));
        Jwt unnamed = token(claims -> {});
        JwtRoles byEmail = new JwtRoles(new AuthProperties.Jwt(null, null, null, null, "email"));
        Jwt withEmail =
                token(claims -> claims.claim("email", "bob@example.test").claim("preferred_username", "bob"));

        AbstractAuthenticationToken authentication = DEFAULTS.convert(named);
        assertThat(authentication.getName()).isEqualTo("alice");
        assertThat(authentication.getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_VIEWER", "ROLE_OPERATOR");
        assertThat(DEFAULTS.principal(unnamed)).isEqualTo("f3c1c0de-0000-4000-8000-000000000001");
        assertThat(byEmail.principal(withEmail)).isEqualTo("bob@example.test");
    }

    @Test
    void shouldRefuseATokenSignedByAnotherKeyExpiredOrFromAnotherIssuer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair stranger = generator.generateKeyPair();

        assertThatThrownBy(() -> token(stranger, claims -> claims.claim("roles", "admin")))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() ->
                        token(claims -> claims.issueTime(Date.from(Instant.now().minusSeconds(1200)))
                                .expirationTime(Date.from(Instant.now().minusSeconds(600)))))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> token(claims -> claims.issuer("https://evil.example.test")))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
    }
}

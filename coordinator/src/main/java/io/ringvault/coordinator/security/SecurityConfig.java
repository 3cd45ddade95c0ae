package io.ringvault.coordinator.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API's security filter chain: bearer tokens (static API tokens, then JWTs) authenticate the caller, and
 * {@link EndpointRoles} decides what its role may do. Stateless: no session, no cookie, so no CSRF to guard against.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfig {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    Callers callers(AuthProperties auth) {
        return new Callers(auth.isEnabled());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties auth, MeterRegistry meters) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!auth.isEnabled()) {
            LOG.warn("authentication is off (ringvault.coordinator.auth.enabled=false): anyone who reaches the API may"
                    + " restore, delete and purge; only for experiments");
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
        AuthenticationManager authentication = authenticationManager(auth);
        ProblemResponses problems = new ProblemResponses(meters);
        http.authorizeHttpRequests(requests -> {
                    // Boot's error page renders what a controller failed with; the request itself was authorized.
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(EndpointRoles.OPEN.toArray(String[]::new))
                            .permitAll();
                    for (EndpointRoles.Rule rule : EndpointRoles.RULES) {
                        requests.requestMatchers(rule.matcher())
                                .hasAuthority(rule.role().authority());
                    }
                    requests.anyRequest().hasAuthority(EndpointRoles.UNLISTED.authority());
                })
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> authentication)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    /** Static tokens first (a digest and a comparison), then JWTs (a signature check). */
    static AuthenticationManager authenticationManager(AuthProperties auth) {
        ApiTokens tokens = ApiTokens.of(auth);
        if (tokens.isEmpty() && !auth.jwt().configured()) {
            throw new IllegalStateException("ringvault.coordinator.auth.enabled is true but no caller could ever"
                    + " authenticate: configure static API tokens (ringvault.coordinator.auth.tokens[N].name, .sha256,"
                    + " .role, or ringvault.coordinator.auth.tokens-file) or a JWT issuer"
                    + " (ringvault.coordinator.auth.jwt.issuer-uri or .jwk-set-uri), or set"
                    + " ringvault.coordinator.auth.enabled=false for an experiment without authentication");
        }
        List<AuthenticationProvider> providers = new ArrayList<>();
        if (!tokens.isEmpty()) {
            providers.add(new ApiTokenAuthenticationProvider(tokens));
        }
        if (auth.jwt().configured()) {
            JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(jwtDecoder(auth.jwt()));
            jwt.setJwtAuthenticationConverter(new JwtRoles(auth.jwt()));
            providers.add(jwt);
        }
        LOG.info(
                "authentication on: {} static API tokens, JWT issuer={} jwkSetUri={} audience={} rolesClaim={}",
                tokens.size(),
                auth.jwt().issuerUri(),
                auth.jwt().jwkSetUri(),
                auth.jwt().audience(),
                auth.jwt().rolesClaim());
        return new ProviderManager(providers);
    }

    /**
     * A decoder that checks the signature against the issuer's keys, the times ({@code exp}, {@code nbf}, with a
     * minute's skew), the issuer when one is set, and the audience when one is set. The keys are fetched on first use,
     * so the coordinator starts while the issuer is away.
     */
    static JwtDecoder jwtDecoder(AuthProperties.Jwt settings) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(
                settings.issuerUri() == null
                        ? JwtValidators.createDefault()
                        : JwtValidators.createDefaultWithIssuer(
                                settings.issuerUri().toString()));
        if (settings.audience() != null) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, audience -> audience != null && audience.contains(settings.audience())));
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        if (settings.jwkSetUri() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                            settings.jwkSetUri().toString())
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = (NimbusJwtDecoder)
                    JwtDecoders.fromIssuerLocation(settings.issuerUri().toString());
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }
}

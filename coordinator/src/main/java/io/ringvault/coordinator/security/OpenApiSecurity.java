package io.ringvault.coordinator.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Says in the OpenAPI document that the API takes a bearer token (a static API token or a JWT), so that generated
 * clients and API testers send one.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiSecurity {
    static final String SCHEME = "bearer";

    @Bean
    OpenApiCustomizer bearerAuthentication(AuthProperties auth) {
        return openApi -> {
            if (!auth.isEnabled()) {
                return;
            }
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(
                            SCHEME,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description("A static API token or an OAuth2 / OpenID Connect JWT; the role"
                                            + " each operation needs is in docs/security.md"));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        };
    }
}

package io.ringvault.connections;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds a {@link Secret} from a configuration value: an empty value (an unset {@code ${RINGVAULT_…:}} variable) is no
 * secret at all. Registered for {@code @ConfigurationProperties} binding by {@link RingvaultAutoConfiguration}.
 */
public final class SecretConverter implements Converter<String, Secret> {
    @Override
    public Secret convert(String source) {
        return Secret.ofNullable(source);
    }
}

package io.ringvault.connections.tls;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts a service's web server on HTTPS with a {@link ServerTls}: an SSL bundle of its PEM files, with client
 * certificates required ({@code need}: a client without one is refused during the handshake) when the settings name a
 * client CA. Without a certificate it changes nothing, so Spring Boot's own {@code server.ssl.*} and
 * {@code spring.ssl.bundle.*} still apply. Runs after Spring Boot's customizer, so ringvault's settings win when both
 * are given. The files are read when the customizer is made: a bad one fails the start.
 */
public final class HttpsServer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {
    /** The name of the bundle in the web server's registry. */
    static final String BUNDLE = "ringvault-http";

    private final ServerTls tls;
    private final SslBundle bundle;

    public HttpsServer(ServerTls tls) {
        this.tls = tls;
        this.bundle = tls.enabled() ? tls.sslBundle() : null;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (bundle == null) {
            return;
        }
        Ssl ssl = Ssl.forBundle(BUNDLE);
        ssl.setClientAuth(tls.clientCertificates() ? Ssl.ClientAuth.NEED : Ssl.ClientAuth.NONE);
        factory.setSsl(ssl);
        factory.setSslBundles(new DefaultSslBundleRegistry(BUNDLE, bundle));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

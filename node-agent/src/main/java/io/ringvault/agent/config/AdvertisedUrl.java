package io.ringvault.agent.config;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The base URL uploaders use to reach this agent ({@code FileReady.agentUrl}): {@code ringvault.agent.advertised-url},
 * or {@code http://127.0.0.1:<port>} ({@code https} when the agent serves HTTPS) with the port the web server actually
 * listens on (which may be chosen at random).
 */
public class AdvertisedUrl implements ApplicationListener<WebServerInitializedEvent> {
    private final String configured;
    private final String scheme;
    private volatile String url;

    /** @param https whether the agent serves HTTPS, for the URL made when none is configured */
    public AdvertisedUrl(String configured, boolean https) {
        this.scheme = https ? "https" : "http";
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.strip());
        this.url = this.configured;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (configured == null && event.getWebServer().getPort() > 0) {
            url = scheme + "://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    /** The URL, or {@code null} before the web server is up when none is configured. */
    public String get() {
        return url;
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}

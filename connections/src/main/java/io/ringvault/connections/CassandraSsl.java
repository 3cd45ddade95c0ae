package io.ringvault.connections;

/**
 * TLS to Cassandra's native transport (the server's {@code client_encryption_options}), the {@code cassandra.ssl.*}
 * settings of every service that opens a CQL session. Empty values mean "not set". The passwords are {@link Secret}s:
 * printing the settings never shows them.
 *
 * @param enabled whether sessions use TLS; the other settings are ignored without it; default false
 * @param truststorePath a JKS or PKCS12 file with the certificates to trust; empty: the JVM's default trust
 *     ({@code -Djavax.net.ssl.trustStore}, else the JDK's {@code cacerts})
 * @param truststorePassword the truststore's password, optional
 * @param keystorePath a JKS or PKCS12 file with this client's key and certificate, for servers with
 *     {@code require_client_auth}; empty: no client certificate
 * @param keystorePassword the keystore's password, required with {@code keystorePath}
 * @param hostnameValidation whether the server's certificate must name the address connected to; default true
 */
public record CassandraSsl(
        Boolean enabled,
        String truststorePath,
        Secret truststorePassword,
        String keystorePath,
        Secret keystorePassword,
        Boolean hostnameValidation) {

    public CassandraSsl {
        // Boxed, so that an empty value (an unset variable) binds as "not set" rather than failing.
        enabled = enabled != null && enabled;
        truststorePath = Settings.blankToNull(truststorePath);
        keystorePath = Settings.blankToNull(keystorePath);
        hostnameValidation = hostnameValidation == null || hostnameValidation;
        if (enabled && keystorePath != null && keystorePassword == null) {
            throw new IllegalArgumentException(
                    "cassandra.ssl.keystore-password is required with cassandra.ssl.keystore-path");
        }
    }

    /** No TLS: the settings of a service whose configuration has no {@code cassandra.ssl} at all. */
    public static CassandraSsl disabled() {
        return new CassandraSsl(false, null, null, null, null, true);
    }
}

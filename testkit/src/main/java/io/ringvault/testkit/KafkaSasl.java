package io.ringvault.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kafka broker's SASL/PLAIN users, for {@link LocalKafka#startWithAcls}: one super user (the broker's own principal,
 * and the admin who grants ACLs) and the principals the services and clients log in as. Every other principal, and
 * every user listed here, is allowed only what an ACL grants ({@code allow.everyone.if.no.acl.found=false}).
 *
 * <p>{@link #toString()} prints the names only: the passwords are test secrets, but still secrets.
 */
public final class KafkaSasl {
    // A name or password ends up inside a JAAS configuration string: keep it to characters that need no quoting.
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String admin;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private KafkaSasl(String admin, String adminPassword) {
        this.admin = checked("user name", admin);
        passwords.put(admin, checked("password", adminPassword));
    }

    /** Users with {@code admin} as the super user. */
    public static KafkaSasl withAdmin(String admin, String password) {
        return new KafkaSasl(admin, password);
    }

    /** Adds a user who may do only what ACLs allow it. */
    public KafkaSasl user(String name, String password) {
        if (passwords.containsKey(checked("user name", name))) {
            throw new IllegalArgumentException("the user '" + name + "' is already defined");
        }
        passwords.put(name, checked("password", password));
        return this;
    }

    public String admin() {
        return admin;
    }

    /**
     * A client's security settings in Kafka's own names (for a Kafka client, or as {@code spring.kafka.properties.*}):
     * SASL_PLAINTEXT with PLAIN, logged in as {@code user}.
     */
    public Map<String, String> clientProperties(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user '" + user + "'; the broker knows " + passwords.keySet());
        }
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(user, password, ""));
    }

    /** The broker's JAAS line: it logs in as the admin, and accepts every user with its password. */
    String brokerJaas() {
        StringBuilder users = new StringBuilder();
        passwords.forEach((name, password) -> users.append(" user_")
                .append(name)
                .append("=\"")
                .append(password)
                .append('"'));
        return jaas(admin, passwords.get(admin), users.toString());
    }

    private static String jaas(String user, String password, String extra) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + password + "\"" + extra + ";";
    }

    private static String checked(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!PLAIN_WORD.matcher(value).matches()) {
            throw new IllegalArgumentException("a Kafka " + what + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "KafkaSasl[admin=" + admin + ", users=" + passwords.keySet() + ", passwords=(redacted)]";
    }
}

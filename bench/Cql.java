import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Runs CQL statements against one node, in order: the bench scripts' way to create a keyspace without cqlsh.
 *
 * <p>Usage: {@code java -cp <driver classpath> bench/Cql.java HOST:PORT STATEMENT...}
 */
public class Cql {
    public static void main(String[] args) {
        String[] address = args[0].split(":");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(address[0], Integer.parseInt(address[1])))
                .withLocalDatacenter("dc1")
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build()) {
            for (int i = 1; i < args.length; i++) {
                session.execute(args[i]);
            }
        }
    }
}

package io.ringvault.testkit;

import java.util.Objects;

/**
 * One Cassandra node to start: its name, loopback address, datacenter and rack, and how many data directories (JBOD)
 * it has. Nodes of one local cluster each get their own loopback address (127.0.0.1, 127.0.0.2, …), as ccm does.
 * {@code extraYaml} is appended to the node's {@code cassandra.yaml}: settings the testkit does not write itself, such as
 * {@code client_encryption_options}. {@code incrementalBackups} starts the node with {@code incremental_backups: true}.
 */
public record CassandraNodeSpec(
        String name,
        String address,
        String datacenter,
        String rack,
        int dataDirectories,
        String extraYaml,
        boolean incrementalBackups) {
    public CassandraNodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(rack, "rack");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("node name must be letters, digits, - or _: " + name);
        }
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("a local node needs a loopback address (127.x.y.z): " + address);
        }
        if (dataDirectories < 1) {
            throw new IllegalArgumentException("a node needs at least one data directory: " + dataDirectories);
        }
        extraYaml = extraYaml == null ? "" : extraYaml;
    }

    /** A node with incremental backups off, Cassandra's default. */
    public CassandraNodeSpec(
            String name, String address, String datacenter, String rack, int dataDirectories, String extraYaml) {
        this(name, address, datacenter, rack, dataDirectories, extraYaml, false);
    }

    /** The same node with {@code incremental_backups} set to {@code on}. */
    public CassandraNodeSpec withIncrementalBackups(boolean on) {
        return new CassandraNodeSpec(name, address, datacenter, rack, dataDirectories, extraYaml, on);
    }

    /** The {@code n}th node (1-based) on 127.0.0.n in the given datacenter and rack, with one data directory. */
    public static CassandraNodeSpec node(int n, String datacenter, String rack) {
        if (n < 1 || n > 254) {
            throw new IllegalArgumentException("node number must be 1..254: " + n);
        }
        return new CassandraNodeSpec("node" + n, "127.0.0." + n, datacenter, rack, 1, "");
    }

    public CassandraNodeSpec withDataDirectories(int count) {
        return new CassandraNodeSpec(name, address, datacenter, rack, count, extraYaml, incrementalBackups);
    }

    /**
     * Appends {@code yaml} (top-level keys, in YAML) to the node's {@code cassandra.yaml}. Only for keys the testkit
     * does not set already: a key written twice makes Cassandra refuse its configuration.
     */
    public CassandraNodeSpec withExtraYaml(String yaml) {
        return new CassandraNodeSpec(
                name, address, datacenter, rack, dataDirectories, extraYaml + yaml.strip() + "\n", incrementalBackups);
    }
}

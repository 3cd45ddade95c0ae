package io.ringvault.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How to reach one running Cassandra node.
 *
 * @param name the node's name in the stack
 * @param cql the native protocol (CQL) address
 * @param jmxServiceUrl a {@code service:jmx:rmi:…} URL that needs no Cassandra classes on the client
 * @param datacenter the node's datacenter, as the driver's local datacenter
 * @param rack the node's rack
 * @param dataDirectories the node's {@code data_file_directories}; empty where the node runs in a container
 */
public record CassandraEndpoint(
        String name,
        InetSocketAddress cql,
        String jmxServiceUrl,
        String datacenter,
        String rack,
        List<Path> dataDirectories) {
    public CassandraEndpoint {
        dataDirectories = List.copyOf(dataDirectories);
    }
}

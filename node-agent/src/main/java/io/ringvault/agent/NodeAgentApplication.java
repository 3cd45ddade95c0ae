package io.ringvault.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs beside each Cassandra node: snapshots over JMX, serves snapshot files and imports restored ones. */
@SpringBootApplication
public class NodeAgentApplication {
    public static void main(String[] args) {
        SpringApplication.run(NodeAgentApplication.class, args);
    }
}

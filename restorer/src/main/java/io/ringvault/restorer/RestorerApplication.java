package io.ringvault.restorer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Consumes restore commands, moves data back into Cassandra and reports progress. */
@SpringBootApplication
public class RestorerApplication {
    public static void main(String[] args) {
        SpringApplication.run(RestorerApplication.class, args);
    }
}

package io.ringvault.uploader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A horizontally scaled consumer group that streams snapshot files to object storage. */
@SpringBootApplication
public class UploaderApplication {
    public static void main(String[] args) {
        SpringApplication.run(UploaderApplication.class, args);
    }
}

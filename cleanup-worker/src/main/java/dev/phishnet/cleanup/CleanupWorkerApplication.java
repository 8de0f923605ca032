package dev.phishnet.cleanup;

import dev.phishnet.service.ServiceFoundation;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(ServiceFoundation.class)
@EnableConfigurationProperties(CleanupWorkerProperties.class)
public class CleanupWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(CleanupWorkerApplication.class, args);
    }
}

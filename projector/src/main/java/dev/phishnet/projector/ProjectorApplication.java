package dev.phishnet.projector;

import dev.phishnet.projector.generation.RebuildCommand;
import dev.phishnet.service.ServiceFoundation;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@Import(ServiceFoundation.class)
@EnableConfigurationProperties(ProjectorProperties.class)
public class ProjectorApplication {

    /** The projector; {@code rebuild ...} runs the rebuild command instead (see {@link RebuildCommand}). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("rebuild")) {
            RebuildCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(ProjectorApplication.class, args);
    }
}

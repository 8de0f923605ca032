package dev.phishnet.service.topics;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Says once, when the service is ready, where it listens and which topics it ensured. KafkaAdmin only logs when it
 * cannot create topics and lets the service start, so this checks that they exist rather than claim it.
 */
public class ServiceReadyLog {

    private static final Logger log = LoggerFactory.getLogger(ServiceReadyLog.class);
    private static final int CHECK_TIMEOUT_MS = 2_000;

    private final String service;
    private final List<NewTopic> declared;
    private final Admin admin;

    public ServiceReadyLog(String service, List<NewTopic> declared, Admin admin) {
        this.service = service;
        this.declared = declared;
        this.admin = admin;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) throws InterruptedException {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        String topics = declared.stream().map(ServiceReadyLog::describe).collect(Collectors.joining(", "));
        try {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(CHECK_TIMEOUT_MS)).names()
                    .get(CHECK_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS);
            List<String> missing = declared.stream().map(NewTopic::name).filter(name -> !existing.contains(name))
                    .toList();
            if (missing.isEmpty()) {
                log.info("{} ready on port {}; topics ensured: {}", service, port, topics);
            } else {
                log.warn("{} ready on port {}, but topics {} are missing; declared: {}", service, port, missing,
                        topics);
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} ready on port {}, but Kafka is unreachable ({}): topics not ensured: {}", service, port,
                    e.getCause() != null ? e.getCause() : e, topics);
        }
    }

    private static String describe(NewTopic topic) {
        return "%s(partitions=%d, retention.ms=%s)".formatted(topic.name(), topic.numPartitions(),
                topic.configs().get(TopicConfig.RETENTION_MS_CONFIG));
    }
}

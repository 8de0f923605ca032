package dev.phishnet.commandapi.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Test stand-in for the follower of {@code session-events}: a session has ended when the test says so. */
public final class EndedSessions implements SessionRevocations {

    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public void end(String sessionId) {
        ended.add(sessionId);
    }

    @Override
    public boolean isEnded(String sessionId) {
        return ended.contains(sessionId);
    }

    /**
     * For tests that boot the whole service and do not test revocation. Primary, so that they go on working unchanged
     * once the application has its own (the follower of {@code session-events}).
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class AsBean {

        @Bean
        @Primary
        EndedSessions endedSessions() {
            return new EndedSessions();
        }
    }
}

package dev.phishnet.commandapi.processor;

/** Names of the topics the command processor reads and writes. */
public record CommandProcessorTopics(String commands, String commandReplies, String userEvents, String sessionEvents,
        String analysisEvents, String threatIntelEvents, String auditEvents) {
}

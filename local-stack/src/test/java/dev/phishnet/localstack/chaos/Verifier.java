package dev.phishnet.localstack.chaos;

import dev.phishnet.localstack.chaos.EventLog.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the clients were told, held against what the topics say. Every request is found by its id (the actor's user
 * agent, copied from the command into each event and audit entry it causes):
 * <ul>
 *   <li>a 2xx left exactly one event of its kind's type, and no event of another type than its kind allows;</li>
 *   <li>a 4xx left none of its kind's event and nothing else but what the kind allows (a wrong password's one
 *       {@code LoginFailed}); a 400 the API found itself published no command at all;</li>
 *   <li>an unknown outcome (no answer, or 503) left at most one;</li>
 *   <li>no event id twice, no (topic, aggregate, version) twice, anywhere in the domain topics;</li>
 *   <li>every command of the load has exactly one audit entry in the topic and one in the audit read model, and
 *       every audit entry of the load names one of its commands; a refused request's entries are all REJECTED, a
 *       succeeded request has an ACCEPTED one.</li>
 * </ul>
 * Problems are collected, not thrown one by one: the report shows them all with ids to look up.
 */
final class Verifier {

    static final String COMMANDS = "commands";
    static final String AUDIT = "audit-events";
    static final List<String> DOMAIN_TOPICS = List.of("user-events", "session-events", "analysis-events",
            "threat-intel-events");
    private static final String LOAD_PREFIX = "chaos-";
    /** The idempotency stage's internal note of an outcome: a message of the processor's, not a command of the load. */
    private static final String INTERNAL = "RecordIdempotentOutcome";

    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();

    List<String> problems() {
        return problems;
    }

    Map<String, Long> counts() {
        return counts;
    }

    /**
     * @param auditDocuments commandId -> how many documents of the audit read model name it
     */
    void verify(List<Sent> sent, Map<String, List<Message>> topics, Map<String, Long> auditDocuments) {
        var commands = byAgent(topics.get(COMMANDS).stream().filter(m -> !INTERNAL.equals(m.type())).toList());
        List<Message> domain = DOMAIN_TOPICS.stream().flatMap(topic -> topics.get(topic).stream()).toList();
        var events = byAgent(domain);
        var audit = topics.get(AUDIT);
        Map<String, List<Message>> auditByCommand = audit.stream()
                .collect(Collectors.groupingBy(m -> m.text(m.value(), "commandId")));

        uniqueEvents(domain);
        uniqueEventIds(audit, "audit-events");

        Set<String> loadCommands = new LinkedHashSet<>();
        for (var request : sent) {
            var own = events.getOrDefault(request.id(), List.of());
            var ownCommands = commands.getOrDefault(request.id(), List.of()).stream()
                    .map(m -> m.text(m.value(), "commandId")).collect(Collectors.toCollection(LinkedHashSet::new));
            loadCommands.addAll(ownCommands);
            long expected = own.stream().filter(m -> m.type().equals(request.kind().event())).count();
            var others = own.stream().map(Message::type)
                    .filter(type -> !type.equals(request.kind().event()) && !request.kind().alsoAllowed().contains(type))
                    .toList();
            if (request.succeeded()) {
                count("requests 2xx");
                if (request.kind().refusal()) {
                    problem(request, "answered 2xx, but it must be refused");
                } else if (expected != 1 && !(request.kind() == Kind.REQUEST_CODE && expected == 0)) {
                    problem(request, "answered 2xx, but left " + expected + " " + request.kind().event() + " events "
                            + describe(own));
                }
                if (!others.isEmpty()) {
                    problem(request, "answered 2xx, but left unexpected events " + describe(own));
                }
                audited(request, ownCommands, auditByCommand, "ACCEPTED");
            } else if (request.refused()) {
                count("requests 4xx");
                if (!request.kind().refusal()) {
                    problem(request, "refused with " + request.status() + " although it should succeed");
                }
                if (expected != 0 || !others.isEmpty()) {
                    problem(request, "refused with " + request.status() + ", but left events " + describe(own));
                }
                if (request.kind() == Kind.LOG_IN_WRONG_PASSWORD && request.status() == 401
                        && own.stream().filter(m -> m.type().equals("LoginFailed")).count() != 1) {
                    problem(request, "a wrong password, but not exactly one LoginFailed: " + describe(own));
                }
                if (!request.kind().command() && !ownCommands.isEmpty()) {
                    problem(request, "refused by the API itself, yet published commands " + ownCommands);
                }
                if (request.kind().command() && request.kind().refusal() && ownCommands.isEmpty()) {
                    problem(request, "refused with " + request.status() + " but no command was decided");
                }
                for (var commandId : ownCommands) {
                    for (var entry : auditByCommand.getOrDefault(commandId, List.of())) {
                        if (!"REJECTED".equals(entry.text(entry.value(), "outcome"))) {
                            problem(request, "refused, but its command " + commandId + " is audited "
                                    + entry.text(entry.value(), "outcome"));
                        }
                    }
                }
            } else if (request.unknown()) {
                count("requests unknown outcome");
                count(request.status() == 0 ? "requests unknown: no answer (killed, refused, timed out)"
                        : "requests unknown: 503 (outcome not known in time)");
                if (expected > 1) {
                    problem(request, "unknown outcome, and " + expected + " " + request.kind().event()
                            + " events " + describe(own));
                }
            } else {
                count("requests with another status");
                problem(request, "answered " + request.status());
            }
            count("sent " + request.kind() + " " + statusClass(request));
        }

        // Audit trail and commands, one to one.
        for (var commandId : loadCommands) {
            int inTopic = auditByCommand.getOrDefault(commandId, List.of()).size();
            if (inTopic != 1) {
                problems.add("command " + commandId + " has " + inTopic + " audit entries in " + AUDIT);
            }
            long inReadModel = auditDocuments.getOrDefault(commandId, 0L);
            if (inReadModel != 1) {
                problems.add("command " + commandId + " has " + inReadModel + " documents in audit_logs");
            }
        }
        var loadAudit = audit.stream().filter(m -> isLoad(m.userAgent())).toList();
        for (var entry : loadAudit) {
            if (!loadCommands.contains(entry.text(entry.value(), "commandId"))) {
                problems.add("audit entry " + entry.text(entry.envelope(), "eventId") + " (" + entry.userAgent()
                        + ") names command " + entry.text(entry.value(), "commandId") + ", not one of the load's");
            }
        }

        counts.put("commands of the load", (long) loadCommands.size());
        counts.put("audit entries of the load", (long) loadAudit.size());
        counts.put("audit entries in all", (long) audit.size());
        counts.put("events of the load", events.values().stream().mapToLong(List::size).sum());
        for (var topic : DOMAIN_TOPICS) {
            counts.put("events in " + topic, (long) topics.get(topic).size());
        }
    }

    private void audited(Sent request, Set<String> commandIds, Map<String, List<Message>> auditByCommand,
            String outcome) {
        boolean found = commandIds.stream().flatMap(id -> auditByCommand.getOrDefault(id, List.of()).stream())
                .anyMatch(entry -> outcome.equals(entry.text(entry.value(), "outcome")));
        if (!found) {
            problem(request, "no " + outcome + " audit entry among its commands " + commandIds);
        }
    }

    /** No event id twice, and no two events for one version of one aggregate (a decision written twice). */
    private void uniqueEvents(List<Message> domain) {
        uniqueEventIds(domain, "the domain topics");
        Map<String, List<Message>> byVersion = domain.stream().collect(Collectors.groupingBy(m -> m.topic() + "/"
                + m.text(m.envelope(), "aggregateId") + "@" + m.envelope().get("aggregateVersion")));
        byVersion.forEach((version, messages) -> {
            if (messages.size() > 1) {
                problems.add(messages.size() + " events for " + version + ": " + describe(messages));
            }
        });
    }

    private void uniqueEventIds(List<Message> messages, String where) {
        Map<String, List<Message>> byId = messages.stream()
                .collect(Collectors.groupingBy(m -> m.text(m.envelope(), "eventId")));
        byId.forEach((id, found) -> {
            if (found.size() > 1) {
                problems.add("event id " + id + " " + found.size() + " times in " + where + ": " + describe(found));
            }
        });
    }

    private static Map<String, List<Message>> byAgent(List<Message> messages) {
        Map<String, List<Message>> grouped = new HashMap<>();
        for (var message : messages) {
            if (isLoad(message.userAgent())) {
                grouped.computeIfAbsent(message.userAgent(), agent -> new ArrayList<>()).add(message);
            }
        }
        return grouped;
    }

    private static boolean isLoad(String agent) {
        return agent != null && agent.startsWith(LOAD_PREFIX);
    }

    private static String statusClass(Sent request) {
        return request.succeeded() ? "2xx" : request.refused() ? "4xx" : request.unknown() ? "unknown" : "other";
    }

    private void problem(Sent request, String what) {
        problems.add(request.kind() + " " + request.id() + " (status " + request.status() + ", resource "
                + request.resourceId() + (request.detail() != null ? ", " + request.detail() : "") + "): " + what);
    }

    private void count(String what) {
        counts.merge(what, 1L, Long::sum);
    }

    private static String describe(List<Message> messages) {
        return messages.stream().map(m -> m.type() + "@" + m.topic() + "/" + m.partition() + ":" + m.offset()
                + " v" + m.envelope().get("aggregateVersion")).collect(Collectors.joining(", ", "[", "]"));
    }
}

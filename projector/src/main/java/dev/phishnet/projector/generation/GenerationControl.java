package dev.phishnet.projector.generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The projector's side of {@code projection_generations}: reads the control documents, writes the states, the
 * progress and the switch. command-api claims a rebuild (sets {@code current.building}); everything after is written
 * here.
 */
public final class GenerationControl {

    static final String CURRENT = "current";

    private final MongoCollection<Document> documents;

    public GenerationControl(MongoDatabase database) {
        this.documents = database.getCollection(ReadModelNames.GENERATIONS);
    }

    /** Writes the {@code current} document of a store that has none yet: generation 1 active. */
    public void ensureCurrent(Instant now) {
        try {
            documents.insertOne(new Document("_id", CURRENT).append("active", 1).append("building", null)
                    .append("lastGeneration", 1).append("updatedAt", Date.from(now)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public Control read() {
        Document current = documents.find(Filters.eq("_id", CURRENT)).first();
        Map<Integer, Control.Generation> generations = new HashMap<>();
        for (Document document : documents.find(Filters.regex("_id", "^g\\d+$")).into(new ArrayList<>())) {
            Number generation = document.get("generation", Number.class);
            String state = document.getString("state");
            if (generation == null || state == null) {
                continue;
            }
            Date dropAfter = document.getDate("dropAfter");
            generations.put(generation.intValue(), new Control.Generation(generation.intValue(),
                    GenerationState.valueOf(state), dropAfter == null ? null : dropAfter.toInstant()));
        }
        if (current == null) {
            return new Control(1, null, 1, Map.copyOf(generations));
        }
        int active = number(current, "active", 1);
        Number building = current.get("building", Number.class);
        return new Control(active, building == null ? null : building.intValue(),
                number(current, "lastGeneration", active), Map.copyOf(generations));
    }

    /** Brings one generation's document to its new state, stamping when it got there. */
    public void apply(Control.Transition transition, Instant now) {
        Date at = Date.from(now);
        Bson stamp = switch (transition.to()) {
            case BUILDING -> Updates.set("startedAt", at);
            case ACTIVE -> Updates.set("activatedAt", at);
            case RETIRED -> Updates.combine(Updates.set("retiredAt", at),
                    Updates.set("dropAfter", Date.from(transition.dropAfter())));
            case DROPPED -> Updates.set("droppedAt", at);
            case REQUESTED -> Updates.set("requestedAt", at);
        };
        documents.updateOne(Filters.eq("_id", id(transition.generation())),
                Updates.combine(Updates.set("generation", transition.generation()),
                        Updates.set("state", transition.to().name()), stamp),
                new UpdateOptions().upsert(true));
    }

    /**
     * Switches the queries from {@code from} to {@code building}: one update of {@code current}, so every reader sees
     * either the old or the new generation. False if {@code current} no longer says so.
     */
    public boolean switchTo(int building, int from, Instant now) {
        return documents.updateOne(
                Filters.and(Filters.eq("_id", CURRENT), Filters.eq("building", building), Filters.eq("active", from)),
                Updates.combine(Updates.set("active", building), Updates.set("building", null),
                        Updates.set("updatedAt", Date.from(now)))).getModifiedCount() == 1;
    }

    public void saveProgress(int generation, RebuildProgress progress) {
        documents.updateOne(Filters.eq("_id", id(generation)), Updates.set("progress", progress.toDocument()));
    }

    static String id(int generation) {
        return "g" + generation;
    }

    private static int number(Document document, String field, int otherwise) {
        Number value = document.get(field, Number.class);
        return value != null ? value.intValue() : otherwise;
    }
}

package dev.phishnet.projector.aggregates;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * How the counts of one day live in an aggregate document: {@code {_id, tenantId, userId, day, parts: {"<partition>":
 * {offset, ...counts}}}}, one part per source partition, each written only by the task that owns the partition, so
 * that a query adds the parts up and no write ever reads another's.
 */
final class DayParts {

    private DayParts() {
    }

    /**
     * Sets the partition's part to its counts as of the record at {@code offset}, unless the part already reflects a
     * later record. {@code $max} of the whole part does that in one update: MongoDB compares embedded documents field
     * by field in order, and {@code offset} comes first, so a part is replaced only by one of a later offset (at the
     * same offset the counts are the same: they are a function of the partition's records up to it). So a replay
     * after a crash, or a fenced-off task still flushing, never takes a part back. The filter is on {@code _id}
     * alone, so when two partitions create one document at once, MongoDB (4.2+) retries the losing upsert as an
     * update instead of failing it on the duplicate key.
     */
    static WriteModel<Document> upsert(DayKey key, int partition, long offset, Document counts) {
        Document part = new Document("offset", offset);
        part.putAll(counts);
        return new UpdateOneModel<>(Filters.eq("_id", key.id()),
                Updates.combine(
                        Updates.set("tenantId", key.tenantId()),
                        Updates.set("userId", key.userId()),
                        Updates.set("day", key.day().toString()),
                        Updates.max("parts." + partition, part)),
                new UpdateOptions().upsert(true));
    }
}

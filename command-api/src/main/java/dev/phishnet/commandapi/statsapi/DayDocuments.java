package dev.phishnet.commandapi.statsapi;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The documents of the projector's counting views ({@code analysis_stats}, {@code api_usage}) for one user, or the
 * whole tenant, over a range of days. Their {@code _id} is {@code <tenant>|<user or *>|<yyyy-mm-dd>}, so the days of
 * one user are one range of the {@code _id} index, in day order; the tenant and user are matched too, so that ids
 * containing a {@code |} cannot reach into another's range.
 */
final class DayDocuments {

    static final String WHOLE_TENANT = "*";

    private DayDocuments() {
    }

    /** @param userId the user; null for the documents counting the whole tenant */
    static Query inRange(String tenantId, String userId, DayRange range) {
        String prefix = tenantId + "|" + (userId != null ? userId : WHOLE_TENANT) + "|";
        return Query.query(Criteria.where("_id").gte(prefix + range.from()).lte(prefix + range.to())
                        .and("tenantId").is(tenantId)
                        .and("userId").is(userId))
                .with(Sort.by("_id"));
    }
}

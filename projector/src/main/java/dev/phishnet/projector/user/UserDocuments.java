package dev.phishnet.projector.user;

import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * How a {@link UserView} is kept in the {@code users} collection, and the writes that move a document forward.
 *
 * <p>Two projections write a user's document, each with its own counter: the view (by {@code version}, from
 * {@code user-events}) and its {@code security} settings (by {@code securityVersion}, from {@code session-events},
 * whose versions count another aggregate). So neither write replaces the document: each sets its own fields, and
 * either may come first, since the two topics are read independently (on a rebuild, the settings often first).
 */
public final class UserDocuments {

    public static final String COLLECTION = "users";

    private UserDocuments() {
    }

    /**
     * Sets the view's fields only if the document is older than the view or has none yet (only its security
     * settings), inserting it if absent; {@code security} is left as it is. When the stored view is as new or
     * newer, the filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the caller reads
     * that duplicate-key error as "already applied".
     */
    public static WriteModel<Document> upsert(UserView view) {
        Document fields = toDocument(view);
        fields.remove("_id");
        return new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", view.id()), Filters.not(Filters.gte("version", view.version()))),
                new Document("$set", fields), new UpdateOptions().upsert(true));
    }

    /**
     * Sets the user's security settings as of {@code securityVersion}, only forward, the same way as
     * {@link #upsert}. Before the user's view is there it makes a document of {@code _id} and security alone, with
     * no {@code tenantId}, so that no query (each is within a tenant) sees it until the view fills it in.
     */
    public static WriteModel<Document> securityUpdate(String userId, UserSecurity security, long securityVersion) {
        return new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", userId), Filters.not(Filters.gte("securityVersion", securityVersion))),
                Updates.combine(Updates.set("security", security.toDocument()),
                        Updates.set("securityVersion", securityVersion)),
                new UpdateOptions().upsert(true));
    }

    /**
     * Raises {@code sessionsVersion}, the last version of the user's sessions aggregate projected, only forward; like
     * {@link #securityUpdate} it makes a document of {@code _id} alone (no tenant) before the user's view is there.
     */
    public static WriteModel<Document> sessionsVersionUpdate(String userId, long sessionsVersion) {
        return new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", userId), Filters.not(Filters.gte("sessionsVersion", sessionsVersion))),
                Updates.set("sessionsVersion", sessionsVersion),
                new UpdateOptions().upsert(true));
    }

    public static Document toDocument(UserView view) {
        UserProfile profile = view.profile();
        return new Document("_id", view.id())
                .append("tenantId", view.tenantId())
                .append("email", view.email())
                .append("fullName", view.fullName())
                .append("mobile", view.mobile())
                .append("roles", view.roles())
                .append("profile", new Document("bio", profile.bio())
                        .append("company", profile.company())
                        .append("location", profile.location())
                        .append("timezone", profile.timezone())
                        .append("language", profile.language())
                        .append("theme", profile.theme()))
                .append("active", view.active())
                .append("credentialVersion", view.credentialVersion())
                .append("version", view.version())
                .append("createdAt", Date.from(view.createdAt()))
                .append("updatedAt", Date.from(view.updatedAt()));
    }

    public static UserView fromDocument(Document document) {
        Document profile = document.get("profile", Document.class);
        return new UserView(
                document.getString("_id"),
                document.getString("tenantId"),
                document.getString("email"),
                document.getString("fullName"),
                document.getString("mobile"),
                document.getList("roles", String.class, List.of()),
                new UserProfile(profile.getString("bio"), profile.getString("company"), profile.getString("location"),
                        profile.getString("timezone"), profile.getString("language"), profile.getString("theme")),
                document.getBoolean("active"),
                document.getInteger("credentialVersion"),
                document.getLong("version"),
                document.getDate("createdAt").toInstant(),
                document.getDate("updatedAt").toInstant());
    }
}

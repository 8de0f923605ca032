package dev.phishnet.projector.user;

import java.util.Date;
import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/** How a {@link UserView} is kept in the {@code users} collection, and the write that moves a document forward. */
public final class UserDocuments {

    public static final String COLLECTION = "users";

    private UserDocuments() {
    }

    /**
     * Replaces the document only if it is older than the view, inserting it if absent. When the stored document is
     * as new or newer, the filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the
     * caller reads that duplicate-key error as "already applied".
     */
    public static WriteModel<Document> upsert(UserView view) {
        return new ReplaceOneModel<>(
                Filters.and(Filters.eq("_id", view.id()), Filters.lt("version", view.version())),
                toDocument(view), new ReplaceOptions().upsert(true));
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

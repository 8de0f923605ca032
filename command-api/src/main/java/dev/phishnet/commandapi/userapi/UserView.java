package dev.phishnet.commandapi.userapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * A user as queries return it, copied field by field from the {@code users} document: whatever else the document
 * might hold (a password hash, say) never reaches a response.
 */
public record UserView(
        String id, String tenantId, String email, String fullName, String mobile, List<String> roles,
        Profile profile, boolean active, long version, Instant createdAt, Instant updatedAt) {

    public record Profile(String bio, String company, String location, String timezone, String language,
            String theme) {

        static Profile from(Document profile) {
            if (profile == null) {
                return new Profile(null, null, null, null, null, null);
            }
            return new Profile(profile.getString("bio"), profile.getString("company"),
                    profile.getString("location"), profile.getString("timezone"), profile.getString("language"),
                    profile.getString("theme"));
        }
    }

    static UserView from(Document user) {
        Number version = user.get("version", Number.class);
        return new UserView(
                user.getString("_id"),
                user.getString("tenantId"),
                user.getString("email"),
                user.getString("fullName"),
                user.getString("mobile"),
                user.getList("roles", String.class, List.of()).stream().map(String::toLowerCase).toList(),
                Profile.from(user.get("profile", Document.class)),
                Boolean.TRUE.equals(user.getBoolean("active")),
                version != null ? version.longValue() : 0L,
                instant(user.getDate("createdAt")),
                instant(user.getDate("updatedAt")));
    }

    private static Instant instant(Date date) {
        return date != null ? date.toInstant() : null;
    }
}

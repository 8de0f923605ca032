package dev.phishnet.projector.user;

import dev.phishnet.schemas.user.UserProfileUpdated;
import org.jspecify.annotations.Nullable;

/** The free-form profile of a user; every field may be absent. */
public record UserProfile(
        @Nullable String bio,
        @Nullable String company,
        @Nullable String location,
        @Nullable String timezone,
        @Nullable String language,
        @Nullable String theme) {

    public static final UserProfile EMPTY = new UserProfile(null, null, null, null, null, null);

    /** The event names only what changed: an absent field keeps its value. */
    UserProfile updatedBy(UserProfileUpdated update) {
        return new UserProfile(
                or(update.getBio(), bio),
                or(update.getCompany(), company),
                or(update.getLocation(), location),
                or(update.getTimezone(), timezone),
                or(update.getLanguage(), language),
                or(update.getTheme(), theme));
    }

    private static @Nullable String or(@Nullable String changed, @Nullable String current) {
        return changed != null ? changed : current;
    }
}

package dev.phishnet.commandapi.user;

import java.util.Objects;

/**
 * Optional details of a user. As a change, a null field means "unchanged", which is also why a field cannot be
 * cleared to null once set.
 */
public record Profile(String bio, String company, String location, String timezone, String language, String theme) {

    public static final Profile EMPTY = new Profile(null, null, null, null, null, null);

    /** This profile with the non-null fields of {@code changes} applied. */
    public Profile merge(Profile changes) {
        return new Profile(
                keep(changes.bio, bio),
                keep(changes.company, company),
                keep(changes.location, location),
                keep(changes.timezone, timezone),
                keep(changes.language, language),
                keep(changes.theme, theme));
    }

    /** Only those of these changes that would alter {@code current}: an event records what changed, no more. */
    public Profile differingFrom(Profile current) {
        return new Profile(
                differing(bio, current.bio),
                differing(company, current.company),
                differing(location, current.location),
                differing(timezone, current.timezone),
                differing(language, current.language),
                differing(theme, current.theme));
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    private static String keep(String change, String old) {
        return change != null ? change : old;
    }

    private static String differing(String change, String current) {
        return Objects.equals(change, current) ? null : change;
    }
}

package dev.phishnet.projector.analysis;

import java.util.Locale;

/** Enum values as the read models and the API spell them: lower case ({@code HIGH} is {@code high}). */
public final class Wire {

    private Wire() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

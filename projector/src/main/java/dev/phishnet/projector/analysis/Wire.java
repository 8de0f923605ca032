package dev.phishnet.projector.analysis;

import java.util.Locale;

/** Enum values as the read models and the API spell them: lower case ({@code HIGH} is {@code high}). */
final class Wire {

    private Wire() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

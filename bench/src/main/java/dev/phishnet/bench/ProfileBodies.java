package dev.phishnet.bench;

import java.util.List;

/** Profile-update bodies of about 300 bytes whose values change with every request (no two updates alike). */
final class ProfileBodies {

    private static final List<String> ZONES = List.of("Europe/Lisbon", "Europe/Paris", "America/New_York",
            "Asia/Tokyo", "Australia/Sydney", "Africa/Nairobi");
    private static final List<String> LANGUAGES = List.of("en-GB", "fr-FR", "pt-PT", "ja-JP");
    private static final List<String> THEMES = List.of("light", "dark", "system");

    private ProfileBodies() {
    }

    static String next(long n) {
        return "{\"bio\":\"Security analyst, update " + n + ": triages reported phishing, tunes detection rules and"
                + " reviews quarantined mail every morning.\",\"company\":\"PhishNet Bench " + (n % 97) + "\","
                + "\"location\":\"Lisbon, office " + (n % 13) + "\",\"timezone\":\"" + ZONES.get((int) (n % ZONES.size()))
                + "\",\"language\":\"" + LANGUAGES.get((int) (n % LANGUAGES.size())) + "\",\"theme\":\""
                + THEMES.get((int) (n % THEMES.size())) + "\"}";
    }
}

package dev.phishnet.localstack.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks for secrets in the bytes at rest: Kafka's log segments, MongoDB's data file, every log. A secret is looked for
 * as its UTF-8 bytes and as base64 of them at each of the three alignments it can have inside a longer base64 text.
 * One-time codes are six digits: looked for as a number of their own (not inside a longer run of digits, where they
 * are a coincidence), and allowed nowhere: the local stack hands codes to its user through the development mailbox,
 * which keeps them in memory only.
 */
final class SecretsScan {


    private final Map<Path, String> files = new LinkedHashMap<>();

    /** Reads every regular file under the paths (a file or a directory each), as Latin-1: one char per byte. */
    SecretsScan(List<Path> paths) throws IOException {
        for (var path : paths) {
            if (!Files.exists(path)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(path)) {
                for (var file : walk.filter(Files::isRegularFile).toList()) {
                    // .index/.timeindex hold offsets and positions only, preallocated to 10 MB each.
                    var name = file.getFileName().toString();
                    if (name.endsWith(".index") || name.endsWith(".timeindex")) {
                        continue;
                    }
                    try {
                        files.put(file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                    } catch (NoSuchFileException gone) {
                        // a temporary file renamed while we looked
                    }
                }
            }
        }
    }

    int fileCount() {
        return files.size();
    }

    long bytes() {
        return files.values().stream().mapToLong(String::length).sum();
    }

    /** Whether any file holds this text (as Latin-1 of its UTF-8 bytes). */
    List<Path> holding(String text) {
        var needle = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return files.entrySet().stream().filter(file -> file.getValue().contains(needle)).map(Map.Entry::getKey)
                .toList();
    }

    /** Files holding the secret in clear or base64-encoded; "file: form" each. */
    List<String> findings(String secret) {
        List<String> found = new ArrayList<>();
        holding(secret).forEach(file -> found.add(file + ": in clear"));
        for (var core : base64Forms(secret)) {
            holding(core).forEach(file -> found.add(file + ": base64 " + core));
        }
        return found;
    }

    /**
     * The parts of base64(x + secret + y) that depend on the secret alone, for the secret starting at each byte
     * offset mod 3: what any base64 text that encodes it contains, whatever surrounds it. Both the standard and the
     * URL-safe alphabets.
     */
    static Set<String> base64Forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new java.util.LinkedHashSet<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, padded, shift, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            // Characters that mix in the unknown bytes before the secret, and the last group, which mixes those after.
            int from = shift == 0 ? 0 : 4;
            int to = (padded.length / 3) * 4;
            if (to - from >= 16) {
                String core = encoded.substring(from, to);
                forms.add(core);
                forms.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        return forms;
    }

    /** Where the six digits stand as a number of their own (anywhere: codes go to the in-memory mailbox). */
    List<String> codeFindings(String code) {
        List<String> found = new ArrayList<>();
        files.forEach((file, text) -> {
            if (!holdsCode(text, code)) {
                return;
            }
            for (var line : text.split("\n")) {
                if (holdsCode(line, code)) {
                    found.add(file + ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line));
                }
            }
        });
        return found;
    }

    static boolean holdsCode(String text, String code) {
        for (int at = text.indexOf(code); at >= 0; at = text.indexOf(code, at + 1)) {
            int end = at + code.length();
            if ((at == 0 || !Character.isDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isDigit(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every place where one of the load's secrets is at rest: its passwords, its refresh tokens (whole and their
     * secret part) and its one-time codes, in any of the scans.
     */
    static List<String> findingsOf(Load load, List<SecretsScan> scans) {
        List<String> secrets = new ArrayList<>(load.passwords());
        for (var token : load.refreshTokens()) {
            secrets.add(token);
            secrets.add(token.substring(token.lastIndexOf('.') + 1));
        }
        List<String> found = new ArrayList<>();
        for (var scan : scans) {
            secrets.forEach(secret -> found.addAll(scan.findings(secret)));
            load.codes().forEach(code -> found.addAll(scan.codeFindings(code)));
        }
        return found;
    }
}

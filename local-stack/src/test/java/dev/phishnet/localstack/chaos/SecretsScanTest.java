package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan finds a secret however it was written down, and a code only where it stands as a number of its own. */
class SecretsScanTest {

    private static final String SECRET = "S3cr3t-Kq7mZpT2wXr9bNc4vHd8sLfA";

    @TempDir
    Path directory;

    @Test
    void aSecretIsFoundInClearAndInsideBase64AtAnyAlignmentInEitherAlphabet() throws Exception {
        for (int before = 0; before < 6; before++) {
            var text = "{\"x\":\"" + "a".repeat(before) + "\",\"password\":\"" + SECRET + "\"}";
            var encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            var urlSafe = Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            Files.writeString(directory.resolve("clear-" + before), "prefix " + text + " suffix");
            Files.writeString(directory.resolve("base64-" + before), "token=" + encoded + ";");
            Files.writeString(directory.resolve("url-" + before), urlSafe);
        }
        Files.writeString(directory.resolve("clean"), "nothing here but S3cr3t- and Kq7mZpT2");

        var findings = new SecretsScan(List.of(directory)).findings(SECRET);

        for (int before = 0; before < 6; before++) {
            int i = before;
            assertThat(findings).anyMatch(found -> found.startsWith(directory.resolve("clear-" + i) + ": in clear"))
                    .anyMatch(found -> found.startsWith(directory.resolve("base64-" + i) + ": base64"))
                    .anyMatch(found -> found.startsWith(directory.resolve("url-" + i) + ": base64"));
        }
        assertThat(findings).noneMatch(found -> found.startsWith(directory.resolve("clean").toString()));
    }

    @Test
    void aCodeCountsOnlyAsANumberOfItsOwn() throws Exception {
        Files.writeString(directory.resolve("command-api.log"), String.join("\n",
                "offset 1749381700 and pid 4938170",
                ""));
        Files.writeString(directory.resolve("segment.log"), "\u0000\u0001code=493817\u0002");

        var scan = new SecretsScan(List.of(directory));

        assertThat(scan.codeFindings("493817")).singleElement().asString().startsWith(
                directory.resolve("segment.log").toString());
        assertThat(scan.codeFindings("381700")).isEmpty();
    }
}

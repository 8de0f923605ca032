package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestFingerprintsTest {

    record Body(String password, String email) {
    }

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    @Test
    void fingerprintDependsOnTheSecretSoItIsNoPlainHash() {
        Body body = new Body("correct horse battery staple", "ada@example.com");

        assertThat(new RequestFingerprints(SECRET).fingerprint("POST", "/api/v1/users", body))
                .isNotEqualTo(new RequestFingerprints(SECRET + "!").fingerprint("POST", "/api/v1/users", body));
    }

    @Test
    void fingerprintCoversMethodPathAndEveryField() {
        RequestFingerprints fingerprints = new RequestFingerprints(SECRET);
        String base = fingerprints.fingerprint("POST", "/api/v1/users", new Body("p", "e"));

        assertThat(fingerprints.fingerprint("POST", "/api/v1/users", new Body("p", "e"))).isEqualTo(base);
        assertThat(fingerprints.fingerprint("PUT", "/api/v1/users", new Body("p", "e"))).isNotEqualTo(base);
        assertThat(fingerprints.fingerprint("POST", "/api/v1/other", new Body("p", "e"))).isNotEqualTo(base);
        assertThat(fingerprints.fingerprint("POST", "/api/v1/users", new Body("q", "e"))).isNotEqualTo(base);
        assertThat(fingerprints.fingerprint("POST", "/api/v1/users", new Body("p", null))).isNotEqualTo(base);
    }
}

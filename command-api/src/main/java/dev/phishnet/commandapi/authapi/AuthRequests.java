package dev.phishnet.commandapi.authapi;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.phishnet.commandapi.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies of the sign-in endpoints, checked at the edge; their secrets are never logged (no toString of them). */
final class AuthRequests {

    private static final int MAX_EMAIL = 254;
    private static final int MAX_PASSWORD = 1024;
    private static final int MAX_REFRESH_TOKEN = 256;

    private AuthRequests() {
    }

    record Login(@Schema(requiredMode = REQUIRED) String email, @Schema(requiredMode = REQUIRED) String password) {

        void validate() {
            new Violations()
                    .required(email, MAX_EMAIL, "email")
                    .required(password, MAX_PASSWORD, "password")
                    .orThrow();
        }

        @Override
        public String toString() {
            return "Login[email=" + email + "]";
        }
    }

    record OneTimeCodeRequest(@Schema(requiredMode = REQUIRED) String email) {

        void validate() {
            new Violations().required(email, MAX_EMAIL, "email").orThrow();
        }
    }

    record OneTimeCodeLogin(@Schema(requiredMode = REQUIRED) String email,
            @Schema(requiredMode = REQUIRED) String code) {

        void validate() {
            new Violations()
                    .required(email, MAX_EMAIL, "email")
                    .required(code, 6, "code")
                    .check(code == null || code.length() > 6 || code.matches("[0-9]{6}"), "code", "must be 6 digits")
                    .orThrow();
        }

        @Override
        public String toString() {
            return "OneTimeCodeLogin[email=" + email + "]";
        }
    }

    record Refresh(@Schema(requiredMode = REQUIRED) String refreshToken) {

        void validate() {
            new Violations().required(refreshToken, MAX_REFRESH_TOKEN, "refreshToken").orThrow();
        }

        @Override
        public String toString() {
            return "Refresh[]";
        }
    }
}

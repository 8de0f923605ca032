package dev.phishnet.commandapi.userapi;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.phishnet.commandapi.web.Violations;
import dev.phishnet.schemas.user.Role;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies of the users API's commands, each checked at the edge so that nothing invalid is published. */
final class UserRequests {

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_EMAIL = 254;
    private static final int MAX_LOCAL_PART = 64;
    // Pragmatic: one @, no spaces or control characters, a dot in the domain. Deliverability is the mail's test.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+$");
    private static final List<String> ROLE_NAMES = List.of("admin", "analyst", "user");

    private UserRequests() {
    }

    record RegisterUser(@Schema(requiredMode = REQUIRED) String email, @Schema(requiredMode = REQUIRED) String password,
            @Schema(requiredMode = REQUIRED) String fullName, String mobile, String role) {

        void validate() {
            Violations violations = new Violations();
            checkEmail(violations, email, "email");
            checkPassword(violations, password, "password");
            violations.required(fullName, 200, "fullName")
                    .maxLength(mobile, 32, "mobile")
                    .check(role == null || ROLE_NAMES.contains(role.toLowerCase(Locale.ROOT)), "role",
                            "must be one of " + ROLE_NAMES)
                    .orThrow();
        }
    }

    record UpdateProfile(String bio, String company, String location, String timezone, String language,
            String theme) {

        void validate() {
            new Violations()
                    .check(bio != null || company != null || location != null || timezone != null
                            || language != null || theme != null, "profile", "nothing to update")
                    .maxLength(bio, 1000, "bio")
                    .maxLength(company, 200, "company")
                    .maxLength(location, 200, "location")
                    .maxLength(timezone, 64, "timezone")
                    .check(timezone == null || timezone.length() > 64 || isZone(timezone), "timezone",
                            "must be an IANA time zone such as Europe/Paris")
                    .maxLength(language, 35, "language")
                    .maxLength(theme, 32, "theme")
                    .orThrow();
        }

        private static boolean isZone(String zone) {
            try {
                ZoneId.of(zone);
                return true;
            } catch (DateTimeException notAZone) {
                return false;
            }
        }
    }

    record ChangePassword(@Schema(requiredMode = REQUIRED) String password) {

        void validate() {
            Violations violations = new Violations();
            checkPassword(violations, password, "password");
            violations.orThrow();
        }
    }

    record DeactivateUser(String reason) {

        void validate() {
            new Violations().maxLength(reason, 500, "reason").orThrow();
        }
    }

    record AssignRoles(@Schema(requiredMode = REQUIRED) List<String> roles) {

        void validate() {
            Violations violations = new Violations();
            violations.check(roles != null && !roles.isEmpty(), "roles", "at least one role is required");
            if (roles != null) {
                for (int i = 0; i < roles.size(); i++) {
                    String role = roles.get(i);
                    violations.check(role != null && ROLE_NAMES.contains(role.toLowerCase(Locale.ROOT)),
                            "roles[" + i + "]", "must be one of " + ROLE_NAMES);
                }
            }
            violations.orThrow();
        }

        List<Role> toRoles() {
            return roles.stream().map(UserRequests::role).distinct().toList();
        }
    }

    static Role role(String name) {
        return Role.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static void checkEmail(Violations violations, String email, String field) {
        if (email == null || email.isBlank()) {
            violations.check(false, field, "is required");
            return;
        }
        String candidate = email.strip();
        violations.check(candidate.length() <= MAX_EMAIL, field, "must be at most " + MAX_EMAIL + " characters");
        violations.check(candidate.length() > MAX_EMAIL || (EMAIL.matcher(candidate).matches()
                && candidate.indexOf('@') <= MAX_LOCAL_PART), field, "is not a valid email address");
    }

    private static void checkPassword(Violations violations, String password, String field) {
        if (password == null) {
            violations.check(false, field, "is required");
            return;
        }
        int length = password.codePointCount(0, password.length());
        violations.check(length >= MIN_PASSWORD, field, "must be at least " + MIN_PASSWORD + " characters");
        violations.check(length <= MAX_PASSWORD, field, "must be at most " + MAX_PASSWORD + " characters");
    }
}

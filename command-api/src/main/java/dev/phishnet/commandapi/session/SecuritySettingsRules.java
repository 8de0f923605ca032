package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;

import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.ChangeSecuritySettings;
import dev.phishnet.commandapi.session.SessionEvent.SecuritySettingsChanged;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/**
 * Changing a user's own session rules. The event carries the settings as they result, every field, so that a
 * follower needs no history to know them. A change that changes nothing is accepted with no event. New limits and
 * timeouts apply from the next sign-in or refresh: sessions already running are not cut short.
 */
final class SecuritySettingsRules {

    static final Rejection USER_DEACTIVATED = Rejection.of(CONFLICT, "user is deactivated");

    private SecuritySettingsRules() {}

    static Decision<SessionEvent> change(UserSessions state, Optional<User> visible, ChangeSecuritySettings command) {
        if (visible.isEmpty()) {
            return reject(EndRules.USER_NOT_FOUND);
        }
        if (!visible.get().active()) {
            return reject(USER_DEACTIVATED);
        }
        Optional<Rejection> invalid = command.changes().invalidity();
        if (invalid.isPresent()) {
            return reject(invalid.get());
        }
        SecuritySettings merged = state.settings().merge(command.changes());
        return merged.equals(state.settings()) ? accept() : accept(new SecuritySettingsChanged(merged));
    }
}

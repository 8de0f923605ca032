package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.INACTIVE_USER;
import static dev.phishnet.commandapi.session.SessionFixture.change;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.phishnet.commandapi.session.SessionEvent.SecuritySettingsChanged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SecuritySettingsChangeTest {

    static Stream<Arguments> invalidChanges() {
        return Stream.of(
                Arguments.of(new SecuritySettings(0, null, null, null, null), "maxSessions"),
                Arguments.of(new SecuritySettings(101, null, null, null, null), "maxSessions"),
                Arguments.of(new SecuritySettings(null, 0, null, null, null), "idleTimeoutMinutes"),
                Arguments.of(new SecuritySettings(null, 10_081, null, null, null), "idleTimeoutMinutes"),
                Arguments.of(new SecuritySettings(null, null, 0, null, null), "absoluteTimeoutHours"),
                Arguments.of(new SecuritySettings(null, null, 721, null, null), "absoluteTimeoutHours"),
                Arguments.of(new SecuritySettings(null, null, null, List.of("10.0.0.0/33"), null), "ipAllowList"),
                Arguments.of(new SecuritySettings(null, null, null, List.of("10.0.0.0/8", "intranet"), null),
                        "ipAllowList"),
                Arguments.of(new SecuritySettings(null, null, null, List.of("2001:db8::/129"), null), "ipAllowList"));
    }

    @ParameterizedTest
    @MethodSource("invalidChanges")
    void aValueOutOfRangeIsInvalidNamingItsField(SecuritySettings changes, String field) {
        assertThat(given().when(change(changes)).thenReject(INVALID).field()).isEqualTo(field);
    }

    @Test
    void aChangeMergesIntoTheCurrentSettingsAndRecordsThemWhole() {
        var given = given(new SecuritySettingsChanged(new SecuritySettings(3, 60, null, null, null)));

        given.when(change(new SecuritySettings(null, 15, 8, List.of("192.0.2.0/24"), false))).thenExpect(
                new SecuritySettingsChanged(new SecuritySettings(3, 15, 8, List.of("192.0.2.0/24"), false)));
    }

    @Test
    void anEmptyAllowListAllowsEveryAddressAgain() {
        var given = given(new SecuritySettingsChanged(new SecuritySettings(null, null, null, List.of("10.0.0.0/8"),
                null)));

        var then = given.when(change(new SecuritySettings(null, null, null, List.of(), null)));

        assertThat(then.after().settings().allows(IpAddress.of("203.0.113.7"))).isTrue();
    }

    @Test
    void aChangeThatChangesNothingRecordsNothing() {
        given(new SecuritySettingsChanged(new SecuritySettings(3, null, null, null, null)))
                .when(change(new SecuritySettings(3, null, null, null, null))).thenExpectNoEvents();
    }

    @Test
    void aDeactivatedOrUnknownUserCannotChangeSettings() {
        var changes = change(new SecuritySettings(3, null, null, null, null));

        given().user(Optional.of(INACTIVE_USER)).when(changes).thenReject(CONFLICT);
        given().user(Optional.empty()).when(changes).thenReject(NOT_FOUND);
    }
}

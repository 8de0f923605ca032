package dev.phishnet.commandapi.user.claim;

import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.FORBIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.Scenario;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand.ClaimEmail;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand.ReleaseEmail;
import dev.phishnet.commandapi.user.claim.EmailClaimEvent.EmailClaimed;
import dev.phishnet.commandapi.user.claim.EmailClaimEvent.EmailReleased;
import org.junit.jupiter.api.Test;

class EmailClaimDeciderTest {

    static final Email EMAIL = Email.of("ada@acme.example");
    static final UserId ADA = UserId.of("7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f");
    static final UserId GRACE = UserId.of("0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");
    static final TenantId ACME = TenantId.of("acme");
    static final TenantId GLOBEX = TenantId.of("globex");

    static final Scenario<EmailClaim, EmailClaimCommand, EmailClaimEvent> CLAIMS =
            Scenario.of(EmailClaim.FREE, EmailClaimDecider::decide, EmailClaimDecider::evolve);

    @Test
    void freeEmailIsClaimed() {
        CLAIMS.given().when(new ClaimEmail(EMAIL, ADA, ACME)).thenExpect(new EmailClaimed(ADA, ACME));
    }

    @Test
    void emailHeldByAnotherUserCannotBeClaimed() {
        Rejection rejection = CLAIMS.given(new EmailClaimed(ADA, ACME))
                .when(new ClaimEmail(EMAIL, GRACE, ACME))
                .thenReject(CONFLICT, "email");
        assertThat(rejection.message()).isEqualTo("email already registered");
    }

    @Test
    void emailsAreUniqueAcrossTenants() {
        CLAIMS.given(new EmailClaimed(ADA, ACME))
                .when(new ClaimEmail(EMAIL, GRACE, GLOBEX))
                .thenReject(CONFLICT, "email");
    }

    @Test
    void redeliveredClaimOfTheSameUserIsAcceptedWithoutANewFact() {
        CLAIMS.given(new EmailClaimed(ADA, ACME)).when(new ClaimEmail(EMAIL, ADA, ACME)).thenExpectNoEvents();
    }

    @Test
    void sameUserIdFromAnotherTenantIsNotARedelivery() {
        CLAIMS.given(new EmailClaimed(ADA, ACME))
                .when(new ClaimEmail(EMAIL, ADA, GLOBEX))
                .thenReject(CONFLICT, "email");
    }

    @Test
    void holderReleasesTheEmail() {
        CLAIMS.given(new EmailClaimed(ADA, ACME)).when(new ReleaseEmail(EMAIL, ADA)).thenExpect(new EmailReleased(ADA));
    }

    @Test
    void onlyTheHolderCanReleaseTheEmail() {
        CLAIMS.given(new EmailClaimed(ADA, ACME))
                .when(new ReleaseEmail(EMAIL, GRACE))
                .thenReject(FORBIDDEN, "email");
    }

    @Test
    void releasingAFreeEmailIsAcceptedWithoutAFact() {
        CLAIMS.given(new EmailClaimed(ADA, ACME), new EmailReleased(ADA))
                .when(new ReleaseEmail(EMAIL, ADA))
                .thenExpectNoEvents();
    }

    @Test
    void releasedEmailCanBeClaimedByAnotherUser() {
        CLAIMS.given(new EmailClaimed(ADA, ACME), new EmailReleased(ADA))
                .when(new ClaimEmail(EMAIL, GRACE, GLOBEX))
                .thenExpect(new EmailClaimed(GRACE, GLOBEX));
    }

    @Test
    void versionKeepsGrowingAcrossReleasesSoNoVersionIsReused() {
        EmailClaim claim = CLAIMS.given(
                        new EmailClaimed(ADA, ACME), new EmailReleased(ADA), new EmailClaimed(GRACE, GLOBEX))
                .state();

        assertThat(claim).isEqualTo(new EmailClaim(GRACE, GLOBEX, 3));
    }
}

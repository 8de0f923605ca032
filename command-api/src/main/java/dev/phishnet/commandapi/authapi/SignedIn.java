package dev.phishnet.commandapi.authapi;

import dev.phishnet.commandapi.token.AccessTokens;

/**
 * The answer to a successful login or refresh (DESIGN: {accessToken, refreshToken, tokenType, expiresIn, sessionId}).
 *
 * @param expiresIn seconds until the access token expires
 */
record SignedIn(String accessToken, String refreshToken, String tokenType, long expiresIn, String sessionId) {

    static SignedIn bearer(AccessTokens.AccessToken access, RefreshToken refresh) {
        return new SignedIn(access.token(), refresh.value(), "Bearer", access.expiresIn().toSeconds(),
                refresh.sessionId());
    }

    @Override
    public String toString() {
        return "SignedIn[sessionId=" + sessionId + "]";
    }
}

package dev.phishnet.commandapi.token;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * The access tokens the API signs itself.
 *
 * @param issuer the {@code iss} of our tokens, and how the security chain tells them from an external issuer's: any
 *     identifier no trusted external issuer uses (by convention the API's own base URL). Changing it voids every token
 *     issued under the old one
 * @param accessTokenTtl how long an access token is valid; revocation lets a logged-out session's token through on an
 *     instance that has not yet heard of it, but never past this, so keep it short
 * @param audience when set, our tokens carry it as {@code aud} and a token of ours without it is refused
 * @param signingKeys the private keys, in files: the first signs every new token, all of them are published at
 *     {@code /.well-known/jwks.json} and accepted. Rotation: add the new key second and wait out the JWKS cache, then
 *     move it first, then drop the old one once {@code accessTokenTtl} has passed. None configured stops the service
 *     at start-up: there is no throw-away key to fall back on
 */
public record TokenSettings(String issuer, Duration accessTokenTtl, @Nullable String audience,
        @Nullable List<SigningKeyFile> signingKeys) {

    public TokenSettings {
        if (!StringUtils.hasText(issuer)) {
            throw new IllegalArgumentException("platform.tokens.issuer is required");
        }
        if (accessTokenTtl == null || accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("platform.tokens.access-token-ttl must be positive");
        }
        audience = StringUtils.hasText(audience) ? audience : null;
        signingKeys = signingKeys == null ? List.of() : List.copyOf(signingKeys);
    }

    /**
     * @param kid the key id put in the header of the tokens it signs and in the JWKS; absent means the key's RFC 7638
     *     thumbprint, which changes with the key by itself
     * @param privateKeyFile a PEM file holding one unencrypted PKCS#8 private key
     *     ({@code -----BEGIN PRIVATE KEY-----}): EC on P-256 (ES256, preferred) or RSA of at least 2048 bits
     *     (RS256). {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem} makes one.
     *     Readable by the service's user only
     */
    public record SigningKeyFile(@Nullable String kid, Path privateKeyFile) {

        public SigningKeyFile {
            if (privateKeyFile == null) {
                throw new IllegalArgumentException("platform.tokens.signing-keys[n].private-key-file is required");
            }
            kid = StringUtils.hasText(kid) ? kid : null;
        }
    }
}

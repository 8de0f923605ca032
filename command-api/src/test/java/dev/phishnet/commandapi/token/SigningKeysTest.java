package dev.phishnet.commandapi.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import java.security.Signature;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.phishnet.commandapi.token.TokenSettings.SigningKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void anEcKeyOnP256SignsEs256UnderItsThumbprintUnlessGivenAKid() throws Exception {
        Path file = TestSigningKeys.ecKeyFile(dir.resolve("a.pem"));

        SigningKeys unnamed = SigningKeys.load(List.of(new SigningKeyFile(null, file)));
        SigningKeys named = SigningKeys.load(List.of(new SigningKeyFile("key-2026", file)));

        JWK key = unnamed.current();
        assertThat(key).isInstanceOf(ECKey.class);
        assertThat(unnamed.algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(named.current().getKeyID()).isEqualTo("key-2026");
    }

    @Test
    void theComputedPublicKeyIsTheOneThatVerifies() throws Exception {
        ECKey key = (ECKey) SigningKeys.load(List.of(new SigningKeyFile(null,
                TestSigningKeys.ecKeyFile(dir.resolve("a.pem"))))).current();

        // Sign with the private half as read from the file, verify with the public half computed from it.
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key.toECPrivateKey());
        signature.update(new byte[] {1, 2, 3});
        byte[] signed = signature.sign();
        signature.initVerify(key.toECPublicKey());
        signature.update(new byte[] {1, 2, 3});
        assertThat(signature.verify(signed)).isTrue();
    }

    @Test
    void anRsaKeySignsRs256() {
        SigningKeys keys = SigningKeys.load(List.of(new SigningKeyFile("rsa",
                TestSigningKeys.rsaKeyFile(dir.resolve("rsa.pem"), 2048))));

        assertThat(keys.current()).isInstanceOf(RSAKey.class);
        assertThat(keys.algorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void theFirstKeySignsAndEveryKeyIsPublishedWithoutItsPrivatePart() {
        SigningKeys keys = SigningKeys.load(List.of(
                new SigningKeyFile("new", TestSigningKeys.ecKeyFile(dir.resolve("new.pem"))),
                new SigningKeyFile("old", TestSigningKeys.rsaKeyFile(dir.resolve("old.pem"), 2048))));

        assertThat(keys.current().getKeyID()).isEqualTo("new");
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly("new", "old");
        assertThat(keys.publicKeys().getKeys()).noneMatch(JWK::isPrivate);
        assertThat(keys.publicKeys().toString(false)).doesNotContain("\"d\"", "\"p\"", "\"q\"");
        assertThat(keys.toString()).isEqualTo("SigningKeys[new, old]");
    }

    @Test
    void noKeyStopsTheServiceSayingWhatToConfigure() {
        assertThatIllegalStateException().isThrownBy(() -> SigningKeys.load(List.of()))
                .withMessageContaining("platform.tokens.signing-keys")
                .withMessageContaining("PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.pem");

        assertThatIllegalStateException().isThrownBy(() -> load(missing))
                .withMessageContaining(missing.toString());
    }

    @Test
    void anOldStyleEcKeyFileGetsAHintToConvertIt() {
        Path sec1 = TestSigningKeys.write(dir.resolve("sec1.pem"),
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");

        assertThatIllegalStateException().isThrownBy(() -> load(sec1))
                .withMessageContaining("PKCS#8").withMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyOnAnotherCurveIsRefused() {
        Path p384 = TestSigningKeys.ecKeyFile(dir.resolve("p384.pem"), "secp384r1");

        assertThatIllegalStateException().isThrownBy(() -> load(p384)).withMessageContaining("P-256");
    }

    @Test
    void aShortRsaKeyIsRefused() {
        Path weak = TestSigningKeys.rsaKeyFile(dir.resolve("weak.pem"), 1024);

        assertThatIllegalStateException().isThrownBy(() -> load(weak)).withMessageContaining("2048 bits");
    }

    @Test
    void twoKeysUnderOneKidAreRefused() {
        Path a = TestSigningKeys.ecKeyFile(dir.resolve("a.pem"));
        Path b = TestSigningKeys.ecKeyFile(dir.resolve("b.pem"));

        assertThatIllegalStateException().isThrownBy(() -> SigningKeys.load(List.of(
                new SigningKeyFile("same", a), new SigningKeyFile("same", b)))).withMessageContaining("'same'");
    }

    private static SigningKeys load(Path file) {
        return SigningKeys.load(List.of(new SigningKeyFile(null, file)));
    }
}

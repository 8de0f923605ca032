package dev.phishnet.commandapi.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.phishnet.commandapi.token.TokenSettings.SigningKeyFile;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's signing keys, read from their files once at start-up: the first signs, all of them verify and are
 * published. A key that cannot be read stops the service with a message naming the file and what is wrong with it.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    static final int MIN_RSA_BITS = 2048;

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final List<JWK> keys;

    private final JWSSigner signer;

    private SigningKeys(List<JWK> keys) {
        this.keys = List.copyOf(keys);
        this.signer = signer(keys.get(0));
    }

    /** Reads every configured key; fails, saying what to configure, when there is none. */
    public static SigningKeys load(List<SigningKeyFile> files) {
        if (files.isEmpty()) {
            throw new IllegalStateException("No token signing key is configured (platform.tokens.signing-keys): the "
                    + "API signs its access tokens with a key of its own and will not make up a throw-away one. Give "
                    + "it a PKCS#8 PEM file with an EC P-256 private key, e.g. "
                    + "PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE=/path/to/key.pem (openssl genpkey -algorithm EC "
                    + "-pkeyopt ec_paramgen_curve:P-256 -out key.pem); ./run.sh makes one under .local/keys");
        }
        List<JWK> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (SigningKeyFile file : files) {
            JWK key = read(file);
            if (!ids.add(key.getKeyID())) {
                throw new IllegalStateException("Two token signing keys have the kid '" + key.getKeyID()
                        + "' (platform.tokens.signing-keys): each key needs its own");
            }
            keys.add(key);
        }
        return new SigningKeys(keys);
    }

    /** The key new tokens are signed with: the first configured. */
    JWK current() {
        return keys.get(0);
    }

    /** Signs with {@link #current()}; thread-safe (Nimbus signers take a fresh {@code Signature} per call). */
    JWSSigner signer() {
        return signer;
    }

    JWSAlgorithm algorithm() {
        return (JWSAlgorithm) current().getAlgorithm();
    }

    /** Every key's public half: what verifies our tokens, here and at whoever reads the JWKS. */
    public JWKSet publicKeys() {
        return new JWKSet(keys).toPublicJWKSet();
    }

    private static JWK read(SigningKeyFile file) {
        Path path = file.privateKeyFile();
        try {
            warnIfOthersCanRead(path);
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pemBody(Files.readString(path)));
            JWK key = jwk(privateKey(spec), file.kid());
            log.info("Token signing key '{}' ({}) read from {}", key.getKeyID(), key.getAlgorithm(), path);
            return key;
        } catch (IOException | GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot use the token signing key in " + path
                    + " (platform.tokens.signing-keys): " + e.getMessage(), e);
        }
    }

    private static byte[] pemBody(String pem) {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            String hint = pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY")
                    ? " (this one is in the older SEC1/PKCS#1 form: convert it with openssl pkcs8 -topk8 -nocrypt)"
                    : pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? " (this one is encrypted)" : "";
            throw new IllegalArgumentException("expected one unencrypted PKCS#8 private key between '" + PEM_BEGIN
                    + "' and '" + PEM_END + "'" + hint);
        }
        return Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end));
    }

    private static PrivateKey privateKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (InvalidKeySpecException notEc) {
            try {
                return KeyFactory.getInstance("RSA").generatePrivate(spec);
            } catch (InvalidKeySpecException notRsa) {
                throw new InvalidKeySpecException("neither an EC nor an RSA private key");
            }
        }
    }

    private static JWK jwk(PrivateKey key, String kid) throws GeneralSecurityException, JOSEException {
        JWK jwk;
        if (key instanceof ECPrivateKey ec) {
            if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new IllegalArgumentException("an EC key must be on the P-256 curve (ES256)");
            }
            jwk = new ECKey.Builder(Curve.P_256, publicKey(ec)).privateKey(ec)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
        } else if (key instanceof RSAPrivateCrtKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key must have at least " + MIN_RSA_BITS + " bits");
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            jwk = new RSAKey.Builder(publicKey).privateKey(rsa)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
        } else {
            throw new IllegalArgumentException("an RSA key must carry its CRT parameters (as PKCS#8 RSA keys do)");
        }
        String keyId = kid != null ? kid : jwk.computeThumbprint().toString();
        return jwk instanceof ECKey ec ? new ECKey.Builder(ec).keyID(keyId).build()
                : new RSAKey.Builder((RSAKey) jwk).keyID(keyId).build();
    }

    /** A PKCS#8 EC key need not carry its public point, so it is computed: Q = d·G on P-256. */
    private static ECPublicKey publicKey(ECPrivateKey key) throws GeneralSecurityException {
        X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), key.getS())
                .normalize();
        ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
    }

    private static JWSSigner signer(JWK key) {
        try {
            return key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with the token signing key '" + key.getKeyID() + "'", e);
        }
    }

    private static void warnIfOthersCanRead(Path path) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        others.retainAll(posix.readAttributes().permissions());
        if (!others.isEmpty()) {
            log.warn("The token signing key {} is readable by others than its owner ({}): chmod 600 it", path, others);
        }
    }

    @Override
    public String toString() {
        // Never the keys themselves.
        return "SigningKeys" + keys.stream().map(JWK::getKeyID).toList();
    }
}

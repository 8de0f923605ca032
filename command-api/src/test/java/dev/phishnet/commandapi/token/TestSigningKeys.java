package dev.phishnet.commandapi.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Signing keys made for tests, written as the PEM files the service reads: no private key is committed. The shared
 * one is made once per test JVM and deleted when it exits.
 */
public final class TestSigningKeys {

    public static final String KEY_FILE_PROPERTY = "platform.tokens.signing-keys[0].private-key-file";

    private static Path directory;

    private static Path shared;

    private TestSigningKeys() {
    }

    /** Points {@code platform.tokens.signing-keys[0]} at the shared EC P-256 key: for tests that boot the service. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add(KEY_FILE_PROPERTY, () -> sharedKeyFile().toString());
    }

    public static synchronized Path sharedKeyFile() {
        if (shared == null) {
            shared = ecKeyFile(temporaryFile("signing.pem"));
        }
        return shared;
    }

    /** A path in a directory of this JVM's own, deleted (with the file) when the JVM exits. */
    public static synchronized Path temporaryFile(String name) {
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("phishnet-test-keys");
                directory.toFile().deleteOnExit();
            }
            Path file = directory.resolve(name);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh EC key on {@code curve} (a JDK name: secp256r1 is P-256), as a PKCS#8 PEM file. */
    public static Path ecKeyFile(Path file, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return write(file, pem(generator.generateKeyPair().getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path ecKeyFile(Path file) {
        return ecKeyFile(file, "secp256r1");
    }

    public static Path rsaKeyFile(Path file, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return write(file, pem(generator.generateKeyPair().getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key in a file as the service reads it, private half included: for tests that sign tokens by hand. */
    public static JWK jwk(Path file, String kid) {
        return SigningKeys.load(List.of(new TokenSettings.SigningKeyFile(kid, file))).current();
    }

    /** PKCS#8 PEM, wrapped at 64 columns like openssl's. */
    public static String pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** Owner-only, as a key file should be (the service warns about one that others can read). */
    public static Path write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.phishnet.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Makes command-api's token signing key, once: an EC P-256 private key (ES256) in an unencrypted PKCS#8 PEM file,
 * readable by its owner only. A file that is already there is kept, so that tokens signed before a restart stay valid;
 * deleting it (./run.sh --reset does) makes a new key next time.
 *
 * <pre>
 * SigningKeyFile &lt;file&gt;
 * </pre>
 *
 * The JDK alone, no dependency and no other class: docker-compose runs this file from source ({@code java
 * SigningKeyFile.java <file>}) in a JDK image, without building the project; ./run.sh runs it from the local-stack jar.
 * No openssl needed anywhere.
 */
public final class SigningKeyFile {

    private SigningKeyFile() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SigningKeyFile <file>   (makes an EC P-256 PKCS#8 PEM key there unless one is)");
            System.exit(2);
            return;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        try {
            boolean created = createIfMissing(file);
            System.out.println((created ? "Created" : "Kept") + " the token signing key " + file);
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("SigningKeyFile: cannot make a signing key in " + file + ": " + e);
            System.exit(1);
        }
    }

    /** Writes a new key unless the file exists; true when it wrote one. */
    static boolean createIfMissing(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            return false;
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // Created owner-only from the start (no moment in which others may read it), then moved into place so that a
        // crash never leaves half a key behind.
        Path temporary = directory.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createFile(temporary, ownerOnly(directory));
        try {
            Files.writeString(temporary, pem(), StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return true;
    }

    /** A fresh P-256 private key, PKCS#8 in PEM, wrapped at 64 columns as openssl writes it. */
    static String pem() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8);
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}

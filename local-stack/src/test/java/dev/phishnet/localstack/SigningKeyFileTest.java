package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {

    @TempDir
    Path dataDir;

    @Test
    void makesAnEcP256KeyAsPkcs8PemThatOnlyItsOwnerCanRead() throws Exception {
        Path file = dataDir.resolve("keys/command-api-signing.pem");

        assertThat(SigningKeyFile.createIfMissing(file)).isTrue();

        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        ECPrivateKey key = read(pem);
        ECParameterSpec p256 = p256();
        assertThat(key.getParams().getCurve()).isEqualTo(p256.getCurve());
        assertThat(key.getParams().getOrder()).isEqualTo(p256.getOrder());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void keepsTheKeyOfAnEarlierRunSoThatItsTokensStayValid() throws Exception {
        Path file = dataDir.resolve("keys/command-api-signing.pem");
        SigningKeyFile.createIfMissing(file);
        String first = Files.readString(file);

        assertThat(SigningKeyFile.createIfMissing(file)).isFalse();

        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void everyNewKeyIsItsOwn() throws Exception {
        assertThat(SigningKeyFile.pem()).isNotEqualTo(SigningKeyFile.pem());
    }

    @Test
    void runsFromItsSourceFileWithTheJdkAloneAsDockerComposeDoes() throws Exception {
        Path source = ProjectRoot.path()
                .resolve("local-stack/src/main/java/dev/phishnet/localstack/SigningKeyFile.java");
        Path file = dataDir.resolve("keys/signing.pem");
        String java = ProcessHandle.current().info().command().orElse("java");

        Process first = new ProcessBuilder(java, source.toString(), file.toString()).redirectErrorStream(true).start();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String firstOutput = new String(first.getInputStream().readAllBytes());
        Process second = new ProcessBuilder(java, source.toString(), file.toString()).redirectErrorStream(true).start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String secondOutput = new String(second.getInputStream().readAllBytes());

        assertThat(first.exitValue()).as(firstOutput).isZero();
        assertThat(firstOutput).contains("Created the token signing key " + file);
        assertThat(second.exitValue()).as(secondOutput).isZero();
        assertThat(secondOutput).contains("Kept the token signing key " + file);
        assertThat(read(Files.readString(file))).isNotNull();
    }

    private static ECPrivateKey read(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        return (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }
}

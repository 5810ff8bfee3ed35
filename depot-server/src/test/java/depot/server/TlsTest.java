package depot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files of tls_cert and tls_key, as openssl and certificate authorities write them, and the ways they go wrong. */
class TlsTest {
    private static KeyPair rsa;
    private static KeyPair ec;
    private static X509Certificate rsaCert;
    private static X509Certificate ecCert;
    @TempDir Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        rsaCert = certificate("CN=rsa", rsa, "CN=rsa", rsa, false);
        ecCert = certificate("CN=ec", ec, "CN=ec", ec, false);
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    }

    private Path pem(String name, Object... objects) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) writer.writeObject(o);
        }
        return Files.writeString(dir.resolve(name), out.toString());
    }

    /** An EC key as openssl writes it (BEGIN EC PRIVATE KEY: the curve, and the public key unless left out). */
    private static org.bouncycastle.util.io.pem.PemObject sec1(KeyPair keys, boolean withPublicKey) {
        var info = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        var key = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
                withPublicKey ? info.getPublicKeyData() : null, info.getAlgorithm().getParameters());
        try {
            return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", key.getEncoded());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The number that is the key (encodings differ: SEC1 may carry the curve and public key, PKCS#8 not). */
    private static BigInteger secret(java.security.PrivateKey key) {
        return key instanceof java.security.interfaces.ECPrivateKey e ? e.getS()
                : ((java.security.interfaces.RSAPrivateKey) key).getPrivateExponent();
    }

    private static KeyStore.PrivateKeyEntry entry(KeyStore store) throws Exception {
        return (KeyStore.PrivateKeyEntry) store.getEntry("depot",
                new KeyStore.PasswordProtection("depot".toCharArray()));
    }

    @Test
    void pkcs8_pkcs1_and_sec1_keys_are_read_into_the_key_store() throws Exception {
        // given: the key forms openssl writes (genpkey: PKCS#8; genrsa -traditional: PKCS#1; ecparam -genkey: SEC1)
        Path rsaCertFile = pem("rsa.crt", rsaCert);
        Path ecCertFile = pem("ec.crt", ecCert);
        Path rsaPkcs8 = pem("rsa-pkcs8.key", new JcaPKCS8Generator(rsa.getPrivate(), null));
        Path ecPkcs8 = pem("ec-pkcs8.key", new JcaPKCS8Generator(ec.getPrivate(), null));
        Path pkcs1 = pem("rsa-pkcs1.key", rsa.getPrivate());
        // ecparam -genkey writes the curve's EC PARAMETERS block before the key
        Path sec1 = Files.writeString(dir.resolve("ec-sec1.key"), "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                + "-----END EC PARAMETERS-----\n" + Files.readString(pem("ec.tmp", sec1(ec, true))));
        Path sec1Bare = pem("ec-sec1-without-public-key.key", sec1(ec, false));
        assertThat(Files.readString(rsaPkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(sec1)).contains("-----BEGIN EC PRIVATE KEY-----");

        for (var form : Map.of(rsaPkcs8, rsa, ecPkcs8, ec, pkcs1, rsa, sec1, ec, sec1Bare, ec).entrySet()) {
            Path certFile = form.getValue() == rsa ? rsaCertFile : ecCertFile;
            // when
            KeyStore store = Tls.keyStore(certFile, form.getKey());
            // then: the same key, with its certificate
            KeyStore.PrivateKeyEntry entry = entry(store);
            assertThat(secret(entry.getPrivateKey())).as(form.getKey().toString())
                    .isEqualTo(secret(form.getValue().getPrivate()));
            assertThat(entry.getCertificateChain()).containsExactly(form.getValue() == rsa ? rsaCert : ecCert);
        }
    }

    @Test
    void a_chain_is_kept_in_order_with_the_text_openssl_writes_between_its_blocks() throws Exception {
        // given: a CA-signed leaf, then the CA, each after a subject= line as openssl x509 -subject writes it
        KeyPair caKeys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509Certificate ca = certificate("CN=test ca", caKeys, "CN=test ca", caKeys, true);
        X509Certificate leaf = certificate("CN=localhost", ec, "CN=test ca", caKeys, false);
        Path chain = Files.writeString(dir.resolve("chain.pem"), "subject=CN=localhost\n"
                + Files.readString(pem("leaf.tmp", leaf)) + "subject=CN=test ca\n" + Files.readString(pem("ca.tmp", ca)));
        Path key = pem("ec.key", sec1(ec, true));

        // then
        assertThat(entry(Tls.keyStore(chain, key)).getCertificateChain()).containsExactly(leaf, ca);
        // and with the CA first the key matches no leaf
        Path reversed = pem("reversed.pem", ca, leaf);
        assertThatThrownBy(() -> Tls.keyStore(reversed, key)).isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_key: " + key + " is not the key of the first certificate in " + reversed
                        + " (the chain starts with the server's own certificate)");
    }

    @Test
    void a_key_that_is_not_the_certificates_is_refused() throws Exception {
        // given: another RSA key, and an EC key, against the RSA certificate
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        Path otherRsa = pem("other-rsa.key", gen.generateKeyPair().getPrivate());
        Path ecKey = pem("ec.key", sec1(ec, true));
        Path certFile = pem("rsa.crt", rsaCert);

        for (Path key : new Path[] {otherRsa, ecKey}) {
            assertThatThrownBy(() -> Tls.keyStore(certFile, key)).as(key.toString())
                    .isInstanceOf(Config.BadSetting.class)
                    .hasMessageStartingWith("setting tls_key: " + key + " is not the key of the first certificate in "
                            + certFile);
        }
    }

    @Test
    void missing_files_files_without_a_certificate_or_key_and_encrypted_keys_are_refused() throws Exception {
        Path certFile = pem("rsa.crt", rsaCert);
        Path keyFile = pem("rsa.key", rsa.getPrivate());
        Path absent = dir.resolve("absent.pem");
        // openssl's two ways: Proc-Type: 4,ENCRYPTED headers (genrsa -aes128), and BEGIN ENCRYPTED PRIVATE KEY (genpkey)
        var bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        Path legacy = pem("legacy-encrypted.key", new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(rsa.getPrivate(),
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(bc).build("secret".toCharArray())));
        Path pkcs8 = pem("pkcs8-encrypted.key", new JcaPKCS8Generator(rsa.getPrivate(),
                new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(bc).setPassword("secret".toCharArray()).build()));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> Tls.keyStore(absent, keyFile)).isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_cert: there is no file " + absent);
        assertThatThrownBy(() -> Tls.keyStore(certFile, absent)).isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_key: there is no file " + absent);
        assertThatThrownBy(() -> Tls.keyStore(keyFile, keyFile)).isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_cert: " + keyFile + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> Tls.keyStore(certFile, certFile)).isInstanceOf(Config.BadSetting.class)
                .hasMessageStartingWith("setting tls_key: " + certFile + " holds no private key");
        for (Path encrypted : new Path[] {legacy, pkcs8}) {
            assertThat(Files.readString(encrypted)).contains("ENCRYPTED");
            assertThatThrownBy(() -> Tls.keyStore(certFile, encrypted)).isInstanceOf(Config.BadSetting.class)
                    .hasMessageStartingWith("setting tls_key: " + encrypted + " is encrypted");
        }
        assertThatThrownBy(() -> Tls.keyStore(garbage, keyFile)).isInstanceOf(Config.BadSetting.class)
                .hasMessageStartingWith("setting tls_cert: " + garbage + " is not a PEM certificate chain");
    }

    @Test
    void a_bad_certificate_file_ends_the_server_before_its_data_directory_is_created() throws Exception {
        // given
        Path data = dir.resolve("data");
        Config config = Config.from(Map.of("data_dir", data.toString(), "tls_cert", dir.resolve("absent.crt").toString(),
                "tls_key", pem("rsa.key", rsa.getPrivate()).toString()));

        // then
        assertThatThrownBy(() -> new DepotServer(config)).isInstanceOf(Config.BadSetting.class)
                .hasMessageStartingWith("setting tls_cert: there is no file ");
        assertThat(data).doesNotExist();
    }
}

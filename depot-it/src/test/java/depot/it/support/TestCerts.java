package depot.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority and a server certificate it signed for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, as PEM files in a temporary directory: {@link #cert()} holds the chain (server first, then the CA),
 * {@link #key()} the server's PKCS#8 key, {@link #ca()} the CA alone — what a client trusts ({@code curl --cacert},
 * Go's {@code SSL_CERT_FILE}, {@link #sslContext()}). EC P-256 keys, valid from a day ago for a year.
 */
public record TestCerts(Path dir, Path ca, Path cert, Path key) {

    /** New keys and certificates in a new temporary directory. */
    public static TestCerts create() {
        try {
            return create(Files.createTempDirectory("depot-certs-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestCerts create(Path dir) {
        try {
            KeyPair caKeys = ecKeys();
            KeyPair serverKeys = ecKeys();
            X500Name caName = new X500Name("CN=Depot test CA");
            X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCert = sign(ca, caKeys);
            X509v3CertificateBuilder server = builder(caName, new X500Name("CN=localhost"), serverKeys);
            server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            server.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            // Go and the JDK match host names against the SAN only, never the CN
            server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            X509Certificate serverCert = sign(server, caKeys);
            Files.createDirectories(dir);
            return new TestCerts(dir, write(dir.resolve("ca.pem"), caCert),
                    write(dir.resolve("server.pem"), serverCert, caCert),
                    write(dir.resolve("server.key"), new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make test certificates", e);
        }
    }

    /** The settings that serve HTTPS with these files: {@code tls_cert} and {@code tls_key}. */
    public Map<String, String> settings() {
        return Map.of("tls_cert", cert.toString(), "tls_key", key.toString());
    }

    /** A TLS context that trusts this CA alone. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's HTTP client trusting this CA, asking for {@code version} (HTTP/2 falls back to 1.1 without ALPN). */
    public HttpClient httpClient(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(sslContext()).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()).setBit(62),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static Path write(Path file, Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) writer.writeObject(o);
        }
        return Files.writeString(file, out.toString());
    }
}

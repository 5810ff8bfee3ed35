package depot.server;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from PEM files: the certificate chain of {@code tls_cert} (leaf first) and the unencrypted private key of
 * {@code tls_key} (PKCS#8, PKCS#1 or SEC1), held in an in-memory key store, served by a connector that offers HTTP/2
 * by ALPN and HTTP/1.1. Every problem with the files is a {@link Config.BadSetting} naming the setting.
 */
final class Tls {
    /** The in-memory key store's password: it protects nothing, the store never leaves this process. */
    private static final String STORE_PASSWORD = "depot";
    private final KeyStore keyStore;
    private final String bind;
    private final int port;

    private Tls(KeyStore keyStore, String bind, int port) {
        this.keyStore = keyStore;
        this.bind = bind;
        this.port = port;
    }

    /** The HTTPS the settings ask for, its files read and checked; null when tls_cert and tls_key are unset. */
    static Tls load(Config config) {
        Config.Https https = config.https();
        if (https == null) return null;
        return new Tls(keyStore(https.cert(), https.key()), https.bind(), https.port());
    }

    String bind() { return bind; }

    /** The HTTPS connector: the HTTP connector's configuration, plus what a TLS request needs. */
    ServerConnector connector(Server server, HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        // users run self-signed certificates for localhost or a bare IP: the Host header need not match the SNI name
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(STORE_PASSWORD);
        // TLS 1.2 ciphers that HTTP/2 forbids go last, so an h2 client is not offered one
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ssl.setUseCipherSuitesOrder(true);
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, http2, http1);
        connector.setHost(bind);
        connector.setPort(port);
        return connector;
    }

    /** A PKCS#12 store holding the key under alias "depot" with its chain; refuses a key that is not the leaf's. */
    static KeyStore keyStore(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new Config.BadSetting("setting tls_key: " + keyFile + " is not the key of the first certificate in "
                    + certFile + " (the chain starts with the server's own certificate)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("depot", key, STORE_PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new Config.BadSetting("setting tls_key: " + keyFile + " cannot be used with " + certFile + ": "
                    + e.getMessage());
        }
    }

    /** Every certificate of a PEM file, in the file's order; text between the blocks is ignored. */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        Reader text = read("tls_cert", file);
        try (PEMParser pem = new PEMParser(text)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof X509CertificateHolder holder) out.add(converter.getCertificate(holder));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new Config.BadSetting("setting tls_cert: " + file + " is not a PEM certificate chain: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new Config.BadSetting("setting tls_cert: " + file + " holds no certificate "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The first private key of a PEM file: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); an encrypted one is refused. */
    static PrivateKey privateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        Reader text = read("tls_key", file);
        try (PEMParser pem = new PEMParser(text)) {
            // openssl ecparam -genkey writes an EC PARAMETERS block first; a combined file has certificates too
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
                // SEC1's public key is optional: the private half alone is the key
                if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new Config.BadSetting("setting tls_key: " + file + " is encrypted; Depot reads unencrypted "
                            + "keys (openssl pkey -in " + file.getFileName() + " -out key.pem writes one)");
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof Config.BadSetting bad) throw bad;
            throw new Config.BadSetting("setting tls_key: " + file + " is not a PEM private key: " + e.getMessage());
        }
        throw new Config.BadSetting("setting tls_key: " + file + " holds no private key (-----BEGIN PRIVATE KEY-----, "
                + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    private static Reader read(String setting, Path file) {
        try {
            return new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            throw new Config.BadSetting("setting " + setting + ": there is no file " + file);
        } catch (AccessDeniedException e) {
            throw new Config.BadSetting("setting " + setting + ": " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new Config.BadSetting("setting " + setting + ": " + file + " cannot be read: " + e);
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "ED25519", "ED448", "EDDSA" -> "EdDSA";
            default -> throw new Config.BadSetting("setting tls_key: a " + key.getAlgorithm()
                    + " key; Depot serves RSA, EC and EdDSA keys");
        };
        byte[] probe = "depot tls_key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key against an RSA certificate
        }
    }
}

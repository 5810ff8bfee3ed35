package depot.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyEncryptorBuilder;

/**
 * An OpenPGP signing key for a format's signed indexes (a Debian distribution's Release, an RPM repository's
 * repomd.xml): RSA, 3072 bits unless {@code signing_key_bits} says otherwise, made by Bouncy Castle (no gpg is run), kept as an armored secret key ring encrypted with a
 * passphrase (AES-256, iterated and salted S2K), so the stored form is useless without the server's secret. It signs
 * in a cleartext signature ({@code InRelease}) or a detached, armored one ({@code Release.gpg},
 * {@code repomd.xml.asc}), with SHA-512.
 */
public final class OpenPgpKey {
    private final PGPSecretKeyRing ring;
    private final PGPPrivateKey privateKey;

    /**
     * The passphrase a format's keys are encrypted under: the option {@code setting} when it is set, else one made
     * once and kept in the settings table (a copy of the database alone can then sign; the README says to set it).
     */
    public static char[] passphrase(FormatContext s, String setting) {
        String configured = s.option(setting);
        if (configured == null) {
            byte[] fresh = new byte[32];
            new java.security.SecureRandom().nextBytes(fresh);
            configured = s.directory().settingIfAbsent(setting, java.util.Base64.getEncoder().encodeToString(fresh));
        }
        return configured.toCharArray();
    }

    private OpenPgpKey(PGPSecretKeyRing ring, PGPPrivateKey privateKey) {
        this.ring = ring;
        this.privateKey = privateKey;
    }

    public static final int DEFAULT_BITS = 3072;
    private static final java.util.Set<Integer> BITS = java.util.Set.of(2048, 3072, 4096);

    /** The size of new keys: the option {@code signing_key_bits} (2048, 3072 or 4096), else {@link #DEFAULT_BITS}. */
    public static int bits(FormatContext s) {
        return bits(s.option("signing_key_bits"));
    }

    static int bits(String configured) {
        int bits;
        try {
            bits = configured == null ? DEFAULT_BITS : Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (!BITS.contains(bits)) {
            throw new IllegalArgumentException("signing_key_bits must be 2048, 3072 or 4096, not " + configured);
        }
        return bits;
    }

    /** A new key of {@link #DEFAULT_BITS}; see {@link #generate(String, char[], int)}. */
    public static String generate(String userId, char[] passphrase) {
        return generate(userId, passphrase, DEFAULT_BITS);
    }

    /**
     * A new RSA key of {@code bits} for {@code userId} ({@code "Depot acme/stable <depot@example.com>"}), its secret
     * part under {@code passphrase}.
     */
    public static String generate(String userId, char[] passphrase, int bits) {
        if (!BITS.contains(bits)) throw new IllegalArgumentException("an RSA signing key has 2048, 3072 or 4096 bits");
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(bits);
            PGPKeyPair master = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), new Date());
            PGPSignatureSubpacketGenerator flags = new PGPSignatureSubpacketGenerator();
            flags.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            flags.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            PGPDigestCalculator sha1 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
            PGPDigestCalculator sha256 = new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA256);
            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, master, userId,
                    sha1, flags.generate(), null,
                    new JcaPGPContentSignerBuilder(master.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
                    new JcePBESecretKeyEncryptorBuilder(PGPEncryptedData.AES_256, sha256).build(passphrase));
            return armor(generator.generateSecretKeyRing().getEncoded());
        } catch (GeneralSecurityException | PGPException | IOException e) {
            throw new IllegalStateException("cannot make a signing key", e);
        }
    }

    /** The key stored by {@link #generate}, unlocked with its passphrase. */
    public static OpenPgpKey load(String armoredSecret, char[] passphrase) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredSecret.getBytes(StandardCharsets.US_ASCII)))) {
            PGPSecretKeyRing ring = new PGPSecretKeyRing(in, new JcaKeyFingerprintCalculator());
            PGPSecretKey secret = ring.getSecretKey();
            PGPPrivateKey key = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder(
                    new JcaPGPDigestCalculatorProviderBuilder().build()).build(passphrase));
            return new OpenPgpKey(ring, key);
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot unlock the signing key (wrong secret?)", e);
        }
    }

    /** The public key, armored, as apt's {@code Signed-By} file or {@code key.asc}. */
    public String publicKeyArmored() {
        try {
            return armor(publicRing().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public key ring in binary form (a keyring gpgv reads). */
    public byte[] publicKeyBinary() {
        try {
            return publicRing().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key's fingerprint, upper-case hex. */
    public String fingerprint() {
        return java.util.HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
    }

    private PGPPublicKeyRing publicRing() {
        java.util.List<PGPPublicKey> keys = new java.util.ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    /** {@code InRelease}: the Release text in a cleartext signature. */
    public byte[] clearSign(byte[] release) {
        String text = new String(release, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        try {
            PGPSignatureGenerator signer = signer(PGPSignature.CANONICAL_TEXT_DOCUMENT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes);
            armored.beginClearText(HashAlgorithmTags.SHA512);
            for (int i = 0; i < count; i++) {
                byte[] line = lines[i].getBytes(StandardCharsets.UTF_8);
                armored.write(line);
                armored.write('\n');
                // the signed text: each line without trailing white space, lines joined by CR LF, no final line end
                byte[] canonical = lines[i].replaceAll("[ \\t\\r]+$", "").getBytes(StandardCharsets.UTF_8);
                if (i > 0) signer.update(new byte[] {'\r', '\n'});
                signer.update(canonical);
            }
            armored.endClearText();
            try (BCPGOutputStream out = new BCPGOutputStream(armored)) {
                signer.generate().encode(out);
            }
            armored.close();
            return bytes.toByteArray();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** {@code Release.gpg}: a detached, armored signature of the Release bytes. */
    public byte[] detachedSign(byte[] release) {
        try {
            PGPSignatureGenerator signer = signer(PGPSignature.BINARY_DOCUMENT);
            signer.update(release);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes);
                 BCPGOutputStream out = new BCPGOutputStream(armored)) {
                signer.generate().encode(out);
            }
            return bytes.toByteArray();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    /** When the key was made. */
    public Date created() {
        return ring.getPublicKey().getCreationTime();
    }

    /**
     * A detached signature of {@code data} as one binary OpenPGP packet (an RPM's header signature), made at
     * {@code when}: the same data signed at the same time gives the same bytes (RSA signatures are deterministic).
     */
    public byte[] signatureBytes(byte[] data, Date when) {
        try {
            PGPSignatureGenerator signer = signer(PGPSignature.BINARY_DOCUMENT, when);
            signer.update(data);
            return signer.generate().getEncoded();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private PGPSignatureGenerator signer(int type) throws PGPException {
        return signer(type, new Date());
    }

    private PGPSignatureGenerator signer(int type, Date when) throws PGPException {
        PGPPublicKey pub = ring.getPublicKey();
        PGPSignatureGenerator signer = new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA512), pub);
        signer.init(type, privateKey);
        PGPSignatureSubpacketGenerator sub = new PGPSignatureSubpacketGenerator();
        sub.setSignatureCreationTime(false, when);
        sub.setIssuerFingerprint(false, pub);
        sub.setIssuerKeyID(false, pub.getKeyID());
        signer.setHashedSubpackets(sub.generate());
        return signer;
    }

    private static String armor(byte[] encoded) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            armored.write(encoded);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}

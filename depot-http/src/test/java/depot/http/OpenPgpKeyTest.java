package depot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;

class OpenPgpKeyTest {
    @Test
    void keySizeIsTheSettingsOrThreeThousandAndSeventyTwoBits() throws Exception {
        assertThat(OpenPgpKey.bits((String) null)).isEqualTo(3072);
        assertThat(OpenPgpKey.bits(" 4096 ")).isEqualTo(4096);
        assertThat(OpenPgpKey.bits("2048")).isEqualTo(2048);
        for (String bad : new String[] {"1024", "3000", "8192", "big"}) {
            assertThatThrownBy(() -> OpenPgpKey.bits(bad)).hasMessageContaining("signing_key_bits").hasMessageContaining(bad);
        }
        assertThat(bitStrength(OpenPgpKey.generate("T <t@depot.test>", "p".toCharArray(), 2048))).isEqualTo(2048);
        assertThat(bitStrength(OpenPgpKey.generate("T <t@depot.test>", "p".toCharArray()))).isEqualTo(3072);
        assertThatThrownBy(() -> OpenPgpKey.generate("T <t@depot.test>", "p".toCharArray(), 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyOfEitherSizeSignsAfterItIsUnlocked() {
        String stored = OpenPgpKey.generate("T <t@depot.test>", "secret".toCharArray(), 2048);
        assertThat(stored).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
        assertThat(OpenPgpKey.load(stored, "secret".toCharArray()).publicKeyArmored())
                .startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        assertThatThrownBy(() -> OpenPgpKey.load(stored, "wrong".toCharArray())).hasMessageContaining("wrong secret");
    }

    private static int bitStrength(String armored) throws Exception {
        var in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)));
        return new PGPSecretKeyRing(in, new JcaKeyFingerprintCalculator()).getPublicKey().getBitStrength();
    }
}

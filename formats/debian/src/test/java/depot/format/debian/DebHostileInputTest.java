package depot.format.debian;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Mutated control files and mutated .deb bytes are read or refused with a DepotException, never anything else. */
class DebHostileInputTest {
    private static final String CONTROL = "Package: depot-hostile\nVersion: 1:2.0-1\nArchitecture: amd64\n"
            + "Maintainer: T <t@depot.test>\nDepends: libc6 (>= 2.34)\nDescription: hostile\n long\n .\n end\n";

    @Provide
    Arbitrary<byte[]> controls() { return Hostile.mutationsOf(CONTROL); }

    @Provide
    Arbitrary<byte[]> debs() {
        try {
            return Hostile.mutationsOf(DebFileTest.deb(CONTROL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 400)
    void mutated_control_files_render_or_are_refused(@ForAll("controls") byte[] control) {
        parsesOrRefuses(() -> {
            Control c = DebFile.read(new ByteArrayInputStream(DebFileTest.deb(new String(control, StandardCharsets.UTF_8)))).control();
            return PackagesStanza.render(c, "pool/x.deb", 1, "m", "s1", "s256");
        });
    }

    @Property(tries = 400)
    void mutated_packages_read_or_are_refused(@ForAll("debs") byte[] deb) {
        parsesOrRefuses(() -> DebFile.read(new ByteArrayInputStream(deb)));
    }
}

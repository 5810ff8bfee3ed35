package depot.format.nuget;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** Hostile nuspecs, packages, versions and Portable PDBs: read or refused with a 4xx, nothing else. */
class NugetHostileInputTest {
    @Provide
    Arbitrary<byte[]> nuspecs() { return Hostile.mutationsOf(NuspecTest.FULL); }

    @Provide
    Arbitrary<byte[]> pdbs() { return Hostile.mutationsOf(PortablePdbTest.pdb()); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 500)
    void nuspecs(@ForAll("nuspecs") byte[] xml) {
        parsesOrRefuses(() -> Nuspec.parse(xml));
    }

    @Property(tries = 300)
    void packages(@ForAll("nuspecs") byte[] xml) {
        byte[] nupkg = Hostile.zip(Map.of("Acme.Hello.nuspec", xml, "lib/net6.0/a.dll", new byte[] {1}));
        parsesOrRefuses(() -> Nuspec.parse(Nupkg.open(new SeekableInMemoryByteChannel(nupkg)).nuspec()));
    }

    @Property(tries = 300)
    void portable_pdbs(@ForAll("pdbs") byte[] pdb) {
        parsesOrRefuses(() -> PortablePdb.read(new ByteArrayInputStream(pdb)));
    }

    @Property(tries = 400)
    void versions(@ForAll("names") String text) {
        parsesOrRefuses(() -> NugetVersion.parse(text));
        parsesOrRefuses(() -> NugetVersion.parse("1.0." + text));
    }

    @Example
    void hostile_packages() {
        byte[] nuspec = NuspecTest.FULL.getBytes(StandardCharsets.UTF_8);
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("Acme.Hello.nuspec", nuspec), "Acme.Hello.nuspec")) {
            parsesOrRefuses(() -> Nuspec.parse(Nupkg.open(new SeekableInMemoryByteChannel(Hostile.zip(entries))).nuspec()));
        }
    }
}

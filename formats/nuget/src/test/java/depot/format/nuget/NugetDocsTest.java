package depot.format.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.testing.Golden;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The feed's documents compared byte for byte with golden files ({@link Golden}).
 */
class NugetDocsTest {
    static final String BASE = "https://depot.example/api/v4/projects/7/packages/nuget";
    static final long T = Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli();

    static NugetDocs.Entry entry(long id, String name, String version, String metadata) {
        NugetVersion v = NugetVersion.parse(version);
        Package p = new Package(id, 7, "nuget", name, name.toLowerCase(), v.normalized(), depot.core.model.PackageStatus.DEFAULT, metadata, 1L, null,
                T + id * 1000, T + id * 2000);
        PackageFile f = new PackageFile(id * 10, id, name.toLowerCase() + "." + v.lower() + ".nupkg", 1000 + id,
                "a".repeat(64), "b".repeat(32), "c".repeat(40), "0f".repeat(64), null, null, T);
        return new NugetDocs.Entry(p, v, NugetDocs.JSON.readTree(metadata), f);
    }

    static List<NugetDocs.Entry> hello() {
        return List.of(
                entry(1, "Acme.Hello", "0.9.0", "{\"authors\":\"Ann, Bob\",\"description\":\"First <cut>\","
                        + "\"tags\":\"hello greeting\",\"dependencyGroups\":[],\"fullVersion\":\"0.9.0\"}"),
                entry(2, "Acme.Hello", "1.0.0-rc.1", "{\"authors\":\"Ann\",\"description\":\"Says \\\"hello\\\".\","
                        + "\"title\":\"Acme Hello\",\"summary\":\"Greets\",\"tags\":\"hello\",\"projectUrl\":"
                        + "\"https://example.com/hello\",\"license\":\"MIT\",\"licenseType\":\"expression\","
                        + "\"requireLicenseAcceptance\":true,\"fullVersion\":\"1.0.0-rc.1+sha.5\",\"semVer2\":true,"
                        + "\"dependencyGroups\":[{\"dependencies\":[{\"id\":\"Loose.Dep\",\"range\":\"1.0\"}]},"
                        + "{\"targetFramework\":\"net6.0\",\"dependencies\":[{\"id\":\"Acme.Base\","
                        + "\"range\":\"[2.0.0, 3.0.0)\"},{\"id\":\"No.Range\"}]},"
                        + "{\"targetFramework\":\"netstandard2.0\",\"dependencies\":[]}]}"));
    }

    static void same(String name, String actual) throws IOException {
        Golden.same(NugetDocsTest.class, name, actual);
    }

    @Test
    void service_index_of_a_project_names_push_and_symbols_and_a_group_only_reads() throws IOException {
        same("service-index.json", NugetDocs.serviceIndex(BASE, true));
        assertThat(NugetDocs.serviceIndex("https://depot.example/api/v4/groups/3/-/packages/nuget", false))
                .doesNotContain("PackagePublish").doesNotContain("SymbolPackagePublish").contains("RegistrationsBaseUrl/3.6.0");
    }

    @Test
    void registration_index_and_leaf() throws IOException {
        same("registration-index.json", NugetDocs.registrationIndex(BASE, hello()));
        same("registration-leaf.json", NugetDocs.registrationLeaf(BASE, hello().get(1)));
    }

    @Test
    void registration_pages_hold_128_versions_each() {
        List<NugetDocs.Entry> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) many.add(entry(i + 1, "Many", "1.0." + i, "{}"));
        var doc = NugetDocs.JSON.readTree(NugetDocs.registrationIndex(BASE, many));
        assertThat(doc.get("count").asInt()).isEqualTo(2);
        assertThat(doc.get("items").get(0).get("count").asInt()).isEqualTo(128);
        assertThat(doc.get("items").get(1).get("lower").asString()).isEqualTo("1.0.128");
        assertThat(doc.get("items").get(1).get("upper").asString()).isEqualTo("1.0.129");
        assertThat(doc.get("items").get(1).get("items")).hasSize(2);
    }

    @Test
    void flat_container_versions_and_search() throws IOException {
        assertThat(NugetDocs.versionList(hello())).isEqualTo("{\"versions\":[\"0.9.0\",\"1.0.0-rc.1\"]}");
        same("search.json", NugetDocs.search(BASE, 2, List.of(new NugetDocs.Hit(hello()),
                new NugetDocs.Hit(List.of(entry(3, "Acme.Base", "2.0.0", "{\"description\":\"Base\"}"))))));
    }

    @Test
    void v2_feed_entry_and_metadata() throws IOException {
        List<NugetDocs.Entry> versions = hello();
        same("v2-find-packages-by-id.xml", NugetV2Docs.v2Feed(BASE, "FindPackagesById", versions, Set.of(versions.get(0)),
                Set.of(versions.get(1)), T));
        same("v2-entry.xml", NugetV2Docs.v2Entry(BASE, versions.get(0), true, false));
        same("v2-metadata.xml", NugetV2Docs.v2Metadata());
        same("v2-service.xml", NugetV2Docs.v2Service(BASE));
        assertThat(NugetV2Docs.v2Dependencies(versions.get(1).meta()))
                .isEqualTo("Loose.Dep:1.0:|Acme.Base:[2.0.0, 3.0.0):net6.0|No.Range::net6.0|::netstandard2.0");
    }
}

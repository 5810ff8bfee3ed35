package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NuGet.exe 5.8 on mono pushes packages and a symbol package to a private project, installs them (with a
 * dependency) from the project and from its group, lists them through search, refuses and skips a duplicate, and
 * deletes a version; Debian's NuGet 2.8.7 installs from the v2 feed.
 */
class NugetClientsTest {
    @TempDir Path dir;

    @Test
    void nuget_exe_pushes_installs_searches_and_deletes_and_nuget_2_installs_from_the_v2_feed() throws Exception {
        List<String> nuget = NugetTools.nuget58();
        List<String> nuget2 = NugetTools.nuget2();
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long group = world.group("acme", "private");
            long project = world.project(group, "dotnet", "private");
            World.Person dev = world.user("dev");
            world.member("projects", project, dev.id(), 30);
            String projectFeed = server.url() + "/api/v4/projects/" + project + "/packages/nuget/index.json";
            String groupFeed = server.url() + "/api/v4/groups/acme/-/packages/nuget/index.json";

            Path out = NugetTools.pack(dir, "Acme.Base", "2.0.0", "", false);
            NugetTools.pack(dir, "Acme.Hello", "1.0.0", """
                    <dependencies><group targetFramework="netstandard2.0">
                      <dependency id="Acme.Base" version="2.0.0" />
                    </group></dependencies>""", true);
            assertThat(out.resolve("Acme.Hello.1.0.0.snupkg")).exists();

            Path home = Files.createDirectories(dir.resolve("home"));
            Path config = config(home, projectFeed, "dev", dev.token());
            for (String file : List.of("Acme.Base.2.0.0.nupkg", "Acme.Hello.1.0.0.nupkg")) {
                // the .snupkg next to Acme.Hello goes to the symbol package endpoint in the same push
                NugetTools.ok(home, nuget, "push", out.resolve(file).toString(), "-Source", "depot", "-ApiKey",
                        dev.token(), "-ConfigFile", config.toString(), "-NonInteractive");
            }
            Api.Response files = server.root().get("/api/v4/projects/" + project + "/packages?package_name=Acme.Hello");
            long helloId = files.json().get(0).get("id").asLong();
            List<String> names = server.root().get("/api/v4/projects/" + project + "/packages/" + helloId
                    + "/package_files").json().valueStream().map(f -> f.get("file_name").asString()).toList();
            assertThat(names).containsExactlyInAnyOrder("acme.hello.1.0.0.nupkg", "acme.hello.1.0.0.snupkg",
                    "Acme.Hello.pdb");

            // the same version again: 409, which -SkipDuplicate turns into success
            Tools.Result again = NugetTools.run(home, nuget, "push", out.resolve("Acme.Base.2.0.0.nupkg").toString(),
                    "-Source", "depot", "-ApiKey", dev.token(), "-ConfigFile", config.toString(), "-NonInteractive");
            assertThat(again.exit()).isNotZero();
            assertThat(again.stdout() + again.stderr()).contains("409");
            NugetTools.ok(home, nuget, "push", out.resolve("Acme.Base.2.0.0.nupkg").toString(), "-Source", "depot",
                    "-ApiKey", dev.token(), "-ConfigFile", config.toString(), "-NonInteractive", "-SkipDuplicate");

            // install with its dependency, from the project and from the group
            for (String feed : List.of(projectFeed, groupFeed)) {
                Path h = Files.createDirectories(dir.resolve("install-" + feed.hashCode()));
                Path c = config(h, feed, "dev", dev.token());
                NugetTools.ok(h, nuget, "install", "Acme.Hello", "-Version", "1.0.0", "-Source", "depot",
                        "-ConfigFile", c.toString(), "-OutputDirectory", h.resolve("o").toString(), "-NonInteractive");
                assertThat(h.resolve("o/Acme.Hello.1.0.0/lib/netstandard2.0/Acme.Hello.txt")).as(feed).exists();
                assertThat(h.resolve("o/Acme.Base.2.0.0/lib/netstandard2.0/Acme.Base.txt")).as(feed).exists();
            }

            // search (nuget list reads the SearchQueryService)
            Tools.Result list = NugetTools.ok(home, nuget, "list", "acme", "-Source", "depot", "-ConfigFile",
                    config.toString(), "-NonInteractive");
            assertThat(list.stdout()).contains("Acme.Hello 1.0.0").contains("Acme.Base 2.0.0");

            // the symbol server serves the PDB to a debugger that names its checksum
            byte[] pdb = NugetTools.portablePdb("Acme.Hello");
            String signature = NugetTools.pdbSignature("Acme.Hello");
            String checksum = NugetTools.pdbChecksum("Acme.Hello");
            String symbolPath = "/api/v4/projects/" + project + "/packages/nuget/symbolfiles/acme.hello.pdb/"
                    + signature + "/acme.hello.pdb";
            Api api = dev.api(server);
            var ok = api.stream(api.request(symbolPath).header("Symbolchecksum", "SHA256:" + checksum).GET());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body().readAllBytes()).isEqualTo(pdb);
            assertThat(api.send(api.request(symbolPath).header("Symbolchecksum", "SHA256:" + "0".repeat(64)).GET())
                    .status()).isEqualTo(404);
            assertThat(api.get(symbolPath).status()).isEqualTo(400);

            // Debian's NuGet 2.8.7 installs from the v2 feed
            Path h2 = Files.createDirectories(dir.resolve("nuget2"));
            String v2 = server.url() + "/api/v4/projects/" + project + "/packages/nuget/v2";
            Path c2 = config(h2, v2, "dev", dev.token());
            NugetTools.ok(h2, nuget2, "install", "Acme.Base", "-Version", "2.0.0", "-Source", "depot", "-ConfigFile",
                    c2.toString(), "-OutputDirectory", h2.resolve("o").toString(), "-NonInteractive");
            assertThat(h2.resolve("o/Acme.Base.2.0.0/lib/netstandard2.0/Acme.Base.txt")).exists();
            NugetTools.ok(h2, nuget2, "install", "Acme.Hello", "-Source", "depot", "-ConfigFile", c2.toString(),
                    "-OutputDirectory", h2.resolve("latest").toString(), "-NonInteractive");
            assertThat(h2.resolve("latest/Acme.Hello.1.0.0/lib/netstandard2.0/Acme.Hello.txt")).exists();

            // delete a version: a developer may not (403, as in GitLab); a maintainer may, and the feed forgets it
            Tools.Result refused = NugetTools.run(home, nuget, "delete", "Acme.Hello", "1.0.0", "-Source", "depot",
                    "-ApiKey", dev.token(), "-ConfigFile", config.toString(), "-NonInteractive");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).contains("403");
            World.Person maintainer = world.user("maintainer");
            world.member("projects", project, maintainer.id(), 40);
            NugetTools.ok(home, nuget, "delete", "Acme.Hello", "1.0.0", "-Source", "depot", "-ApiKey",
                    maintainer.token(), "-ConfigFile", config.toString(), "-NonInteractive");
            assertThat(api.get("/api/v4/projects/" + project + "/packages/nuget/metadata/acme.hello/index.json")
                    .status()).isEqualTo(404);
            assertThat(api.get("/api/v4/projects/" + project + "/packages/nuget/download/acme.base/index.json")
                    .json().get("versions").get(0).asString()).isEqualTo("2.0.0");
        }
    }

    /** A NuGet.Config with one source and its credentials (a token as the password). */
    static Path config(Path home, String feed, String user, String token) throws Exception {
        Path config = home.resolve("NuGet.Config");
        String protocol = feed.endsWith("/v2") ? "" : " protocolVersion=\"3\"";
        Files.writeString(config, """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear/><add key="depot" value="%s"%s/></packageSources>
                  <packageSourceCredentials><depot>
                    <add key="Username" value="%s"/><add key="ClearTextPassword" value="%s"/>
                  </depot></packageSourceCredentials>
                </configuration>
                """.formatted(feed, protocol, user, token));
        return config;
    }
}

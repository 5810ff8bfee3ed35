package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's rpmbuild, createrepo_c and dnf against Depot: two packages built by {@code rpmbuild} (an x86_64 tool
 * and the noarch library it requires, in two projects of a group), uploaded with curl (POST, as GitLab documents,
 * and PUT); the repodata equals createrepo_c's for the same files; dnf, with a configuration of its own, the served
 * key and {@code repo_gpgcheck=1}, credentials in its repository options, queries and downloads from the project by
 * path (a CI job token), by id (a deploy token) and from the group (a personal token), resolving the requirement
 * across projects; a deleted package is no longer offered; wrong credentials are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpmClientsTest {
    private TestServer server;
    private World world;
    private long data;
    private String devToken;
    private String job;
    private String deployUser;
    private String deployToken;
    private Path tool;
    private Path lib;
    @TempDir static Path dir;

    @BeforeAll
    void setUp() throws Exception {
        Tools.require("rpmbuild", "rpm (Debian's rpm package)");
        Tools.require("createrepo_c", "createrepo-c");
        Tools.require("dnf", "dnf");
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        long group = world.group("acme", "private");
        long tools = world.project(group, "tools", "private");
        data = world.project(group, "data", "private");
        World.Person dev = world.user("dev", "api");
        world.member("groups", group, dev.id(), 40);
        devToken = dev.token();
        job = world.job(tools, dev.id()).get("token").asString();
        var deploy = world.deployToken("projects", data, "read_package_registry", "write_package_registry");
        deployUser = deploy.get("username").asString();
        deployToken = deploy.get("token").asString();
        tool = build("acme-tool", "1.0", "1", """
                Requires: acme-lib >= 2.0
                Requires(pre): acme-lib
                Provides: acme-cli = 1.0
                Conflicts: acme-old < 0.5
                Obsoletes: acme-legacy <= 0.9
                Recommends: acme-docs
                Requires: /usr/share/acme-tool/NOTES
                %description
                The tool, built by rpmbuild for the tests.
                %install
                mkdir -p %{buildroot}/usr/bin %{buildroot}/etc %{buildroot}/usr/share/acme-tool
                printf 'echo acme\\n' > %{buildroot}/usr/bin/acme-tool
                chmod 0755 %{buildroot}/usr/bin/acme-tool
                echo 'level=1' > %{buildroot}/etc/acme-tool.conf
                echo 'notes' > %{buildroot}/usr/share/acme-tool/NOTES
                %files
                /usr/bin/acme-tool
                %config(noreplace) /etc/acme-tool.conf
                %dir /usr/share/acme-tool
                /usr/share/acme-tool/NOTES
                %ghost /etc/acme-tool.state
                %changelog
                * Tue Dec 01 2026 Acme Dev <dev@acme.test> - 1.0-1
                - First release, with <markup> & ampersands.
                * Sun Nov 01 2026 Acme Dev <dev@acme.test> - 0.9-1
                - A preview.
                """);
        lib = build("acme-lib", "2.1", "3", """
                BuildArch: noarch
                Epoch: 1
                Provides: config(acme-lib) = 1:2.1-3
                Requires: config(acme-lib) = 1:2.1-3
                %description
                The library the tool requires.
                %install
                mkdir -p %{buildroot}/usr/share/acme-lib %{buildroot}/etc
                echo 'lib' > %{buildroot}/usr/share/acme-lib/lib.txt
                echo 'on=1' > %{buildroot}/etc/acme-lib.conf
                %files
                /usr/share/acme-lib/lib.txt
                %config /etc/acme-lib.conf
                """);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    /** {@code rpmbuild -bb} of a spec with the given tags, description, install script and files. */
    private Path build(String name, String version, String release, String rest) throws Exception {
        Path top = Files.createDirectories(dir.resolve("rpmbuild-" + name));
        Path spec = top.resolve(name + ".spec");
        Files.writeString(spec, "%global debug_package %{nil}\n%define _build_id_links none\nName: " + name
                + "\nVersion: " + version + "\nRelease: " + release + "\nSummary: " + name + " for the tests\n"
                + "License: MIT\nURL: http://acme.test/" + name + "\nAutoReqProv: no\n" + rest);
        Tools.ok(dir, Map.of(), List.of("rpmbuild", "-bb", "--quiet", "--define", "_topdir " + top, spec.toString()));
        try (var found = Files.walk(top.resolve("RPMS"))) {
            return found.filter(p -> p.toString().endsWith(".rpm")).findFirst().orElseThrow();
        }
    }

    private void curl(String method, Path rpm, String url, String header) throws Exception {
        Tools.Result r = Tools.run(dir, Map.of(), List.of("curl", "--silent", "--show-error", "--fail-with-body",
                "-X", method, "-H", header, "--upload-file", rpm.toString(), server.url() + url));
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"message\":\"201 Created\"");
    }

    /** dnf with a configuration of its own: one repository at {@code repo}, its key from Depot, the credentials. */
    private Path dnfRoot(String name, String repo, String user, String password) throws Exception {
        Path root = Files.createDirectories(dir.resolve("dnf-" + name));
        Files.createDirectories(root.resolve("repos"));
        Files.createDirectories(root.resolve("installroot"));
        Api.Response key = server.as("Private-Token", devToken).get(repo + "/repodata/repomd.xml.key");
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Files.writeString(root.resolve("key.asc"), key.body());
        Files.writeString(root.resolve("dnf.conf"), "[main]\nreposdir=" + root.resolve("repos") + "\ncachedir="
                + root.resolve("cache") + "\nlogdir=" + root.resolve("log") + "\npersistdir=" + root.resolve("persist")
                + "\nkeepcache=0\ninstall_weak_deps=0\n\n[depot]\nname=Depot\nbaseurl=" + server.url() + repo
                + "\nrepo_gpgcheck=1\ngpgcheck=1\ngpgkey=file://" + root.resolve("key.asc") + "\nusername=" + user
                + "\npassword=" + password + "\nmetadata_expire=0\n");
        return root;
    }

    private Tools.Result dnf(Path root, boolean ok, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dnf", "-y", "--config=" + root.resolve("dnf.conf"),
                "--installroot=" + root.resolve("installroot"), "--releasever=1", "--setopt=*.skip_if_unavailable=0"));
        command.addAll(List.of(args));
        Tools.Result r = Tools.run(root, Map.of(), command);
        if (ok) assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        return r;
    }

    @Test
    void dnf_queries_and_installs_from_project_and_group_with_signed_repodata() throws Exception {
        curl("POST", tool, "/api/v4/projects/acme%2Ftools/packages/rpm", "Private-Token: " + devToken);
        curl("PUT", lib, "/api/v4/projects/" + data + "/packages/rpm/" + lib.getFileName(), "Deploy-Token: " + deployToken);

        // Depot signed the unsigned RPMs with their project's key: rpm checks them with the keys the group serves
        Api dev = server.as("Private-Token", devToken);
        Path copy = Files.createDirectories(dir.resolve("createrepo"));
        for (Path built : List.of(tool, lib)) {
            var served = dev.stream(dev.request("/api/v4/groups/acme/-/packages/rpm/Packages/" + built.getFileName()).GET());
            assertThat(served.statusCode()).isEqualTo(200);
            try (var in = served.body()) {
                Files.copy(in, copy.resolve(built.getFileName()));
            }
        }
        Path rpmdb = Files.createDirectories(dir.resolve("rpmdb"));
        Files.writeString(dir.resolve("group-keys.asc"), dev.get("/api/v4/groups/acme/-/packages/rpm/repodata/repomd.xml.key").body());
        Tools.ok(dir, Map.of(), List.of("rpmkeys", "--dbpath", rpmdb.toString(), "--import", dir.resolve("group-keys.asc").toString()));
        for (Path built : List.of(tool, lib)) {
            Tools.Result checked = Tools.ok(dir, Map.of(), List.of("rpmkeys", "--dbpath", rpmdb.toString(), "-Kv",
                    copy.resolve(built.getFileName()).toString()));
            assertThat(checked.stdout()).contains("Header V4 RSA/SHA512 Signature, key ID").contains(": OK")
                    .doesNotContain("NOKEY").doesNotContain("BAD");
        }
        // the repodata of the group (both packages) is createrepo_c's for the same two files
        Tools.ok(copy, Map.of(), List.of("createrepo_c", "--quiet", "--general-compress-type=gz", copy.toString()));
        for (String type : List.of("primary", "filelists", "other")) {
            // byte for byte, but for the times files were added and where they lie
            assertThat(Repodata.exact(Repodata.served(dev, "/api/v4/groups/acme/-/packages/rpm", type)))
                    .as(type).isEqualTo(Repodata.exact(Repodata.local(copy, type)));
        }
        assertThat(Repodata.normalized(Repodata.local(copy, "primary"))).contains("<name>acme-lib</name>")
                .contains("name=\"acme-lib\" pre=\"1\"").contains("<file type=\"ghost\">/etc/acme-tool.state</file>");
        assertThat(Repodata.normalized(Repodata.local(copy, "other"))).contains("with &lt;markup&gt; &amp; ampersands");

        // the project by path, as a CI job
        Path byPath = dnfRoot("path", "/api/v4/projects/acme%2Ftools/packages/rpm", "gitlab-ci-token", job);
        Tools.Result query = dnf(byPath, true, "repoquery", "--available", "--qf", "%{name} %{evr} %{arch}");
        assertThat(query.stdout()).contains("acme-tool 1.0-1 x86_64").doesNotContain("acme-lib");

        // the data project by id, with its deploy token
        Path byId = dnfRoot("id", "/api/v4/projects/" + data + "/packages/rpm", deployUser, deployToken);
        assertThat(dnf(byId, true, "repoquery", "--available", "--qf", "%{name} %{evr} %{arch}").stdout())
                .contains("acme-lib 1:2.1-3 noarch");

        // the group: both projects in one signed repository, so the install resolves the requirement
        Path group = dnfRoot("group", "/api/v4/groups/acme/-/packages/rpm", "dev", devToken);
        Path downloads = Files.createDirectories(group.resolve("downloads"));
        Tools.Result install = dnf(group, true, "install", "--downloadonly", "--downloaddir=" + downloads, "acme-tool");
        assertThat(downloads.resolve(tool.getFileName())).hasSameBinaryContentAs(copy.resolve(tool.getFileName()));
        assertThat(downloads.resolve(lib.getFileName())).hasSameBinaryContentAs(copy.resolve(lib.getFileName()));
        assertThat(install.stdout()).contains("acme-lib");
        // a real install into the temporary root: dnf checks the package's signature (gpgcheck=1) first
        Path installer = dnfRoot("install", "/api/v4/groups/acme/-/packages/rpm", "dev", devToken);
        dnf(installer, true, "install", "acme-lib");
        assertThat(installer.resolve("installroot/usr/share/acme-lib/lib.txt")).hasContent("lib");
        // gpgcheck is real: with only the tool project's key, the library (signed by its own project's key) is refused
        Path wrongKey = dnfRoot("wrong-key", "/api/v4/groups/acme/-/packages/rpm", "dev", devToken);
        Files.writeString(wrongKey.resolve("key.asc"), dev.get("/api/v4/projects/acme%2Ftools/packages/rpm/repodata/repomd.xml.key").body());
        Files.writeString(wrongKey.resolve("dnf.conf"), Files.readString(wrongKey.resolve("dnf.conf")).replace("repo_gpgcheck=1", "repo_gpgcheck=0"));
        Tools.Result refusedKey = dnf(wrongKey, false, "install", "acme-lib");
        assertThat(refusedKey.exit()).as(refusedKey.stdout() + refusedKey.stderr()).isNotZero();
        assertThat(wrongKey.resolve("installroot/usr/share/acme-lib/lib.txt")).doesNotExist();
        assertThat(dnf(group, true, "repoquery", "--requires", "acme-tool").stdout()).contains("acme-lib >= 2.0");
        assertThat(dnf(group, true, "repoquery", "--whatprovides", "acme-cli").stdout()).contains("acme-tool");
        assertThat(dnf(group, true, "repoquery", "-l", "acme-tool").stdout()).contains("/usr/share/acme-tool/NOTES");
        assertThat(dnf(group, true, "repoquery", "--changelog", "acme-tool").stdout()).contains("with <markup> & ampersands");

        // a deleted package is no longer offered
        long id = server.root().get("/api/v4/projects/" + data + "/packages?package_name=acme-lib").json().get(0).get("id").asLong();
        assertThat(server.root().delete("/api/v4/projects/" + data + "/packages/" + id).status()).isEqualTo(204);
        assertThat(Repodata.served(dev, "/api/v4/groups/acme/-/packages/rpm", "primary")).asString()
                .contains("<name>acme-tool</name>").doesNotContain("<name>acme-lib</name>");
        assertThat(dnf(group, true, "--refresh", "repoquery", "--available", "--qf", "%{name}").stdout()).contains("acme-tool")
                .doesNotContain("acme-lib");
        Tools.Result unresolvable = dnf(group, false, "install", "--downloadonly", "--downloaddir=" + downloads, "acme-tool");
        assertThat(unresolvable.exit()).isNotZero();

        // repo_gpgcheck is real: the project's key does not verify the group's repomd.xml
        Path otherKey = dnfRoot("other-key", "/api/v4/groups/acme/-/packages/rpm", "dev", devToken);
        Api.Response projectKey = dev.get("/api/v4/projects/acme%2Ftools/packages/rpm/repodata/repomd.xml.key");
        Files.writeString(otherKey.resolve("key.asc"), projectKey.body());
        Tools.Result unverified = dnf(otherKey, false, "makecache");
        assertThat(unverified.exit()).as(unverified.stdout() + unverified.stderr()).isNotZero();

        // wrong credentials: dnf is refused and lists nothing
        Files.writeString(group.resolve("dnf.conf"), Files.readString(group.resolve("dnf.conf")).replace(devToken, "wrong"));
        Tools.Result refused = dnf(group, false, "--refresh", "makecache");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("401");
    }
}

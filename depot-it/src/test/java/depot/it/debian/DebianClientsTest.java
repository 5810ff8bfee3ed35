package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
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
 * The machine's dpkg-deb and apt against Depot: two packages built by {@code dpkg-deb --build} (an amd64 tool and the
 * Architecture: all data it depends on, in two projects of a group), uploaded with curl; then apt, with a configuration
 * of its own, the served key as {@code signed-by} (never {@code trusted=yes}) and credentials in an auth.conf file,
 * updates and downloads from the project by path (a CI job token), the project by id (a deploy token) and the group
 * (a personal token), resolving the dependency across projects; a second version is seen after the next update; a
 * deleted package is no longer offered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebianClientsTest {
    private TestServer server;
    private World world;
    private long tools;
    private long data;
    private String devToken;
    private String job;
    private String deployUser;
    private String deployToken;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        Tools.require("apt-get", "apt (Debian's package manager)");
        Tools.require("dpkg-deb", "dpkg");
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        long group = world.group("acme", "private");
        tools = world.project(group, "tools", "private");
        data = world.project(group, "data", "private");
        World.Person dev = world.user("dev", "api");
        world.member("groups", group, dev.id(), 40);
        devToken = dev.token();
        job = world.job(tools, dev.id()).get("token").asString();
        var deploy = world.deployToken("projects", data, "read_package_registry", "write_package_registry");
        deployUser = deploy.get("username").asString();
        deployToken = deploy.get("token").asString();
        // the GitLab flow: a distribution first (the data project's is made by its first upload)
        Api devApi = server.as("Private-Token", devToken);
        Api.Response made = devApi.post("/api/v4/projects/acme%2Ftools/debian_distributions",
                Map.of("codename", "stable", "components", List.of("main"), "architectures", List.of("amd64")));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(devApi.post("/api/v4/groups/acme/-/debian_distributions", Map.of("codename", "stable")).status()).isEqualTo(201);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    /** {@code dpkg-deb --build} of a package with one file. */
    private Path build(String name, String version, String arch, String depends) throws Exception {
        Path root = Files.createDirectories(dir.resolve("build/" + name + "-" + version));
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: " + version + "\nArchitecture: "
                + arch + "\nMaintainer: Acme <dev@acme.test>\n" + (depends == null ? "" : "Depends: " + depends + "\n")
                + "Section: utils\nPriority: optional\nDescription: " + name + " for the tests\n built by dpkg-deb.\n");
        Files.createDirectories(root.resolve("usr/share/" + name));
        Files.writeString(root.resolve("usr/share/" + name + "/VERSION"), version + "\n");
        Path deb = dir.resolve(name + "_" + version + "_" + arch + ".deb");
        Tools.ok(dir, Map.of(), List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(), deb.toString()));
        return deb;
    }

    private void curlUpload(Path deb, String project, String header, String distribution) throws Exception {
        Tools.Result r = Tools.run(dir, Map.of(), List.of("curl", "--silent", "--show-error", "--fail-with-body", "-H", header,
                "--upload-file", deb.toString(), server.url() + "/api/v4/projects/" + project + "/packages/debian/"
                        + deb.getFileName() + "?distribution=" + distribution + "&component=main"));
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"message\":\"201 Created\"");
    }

    /** A fresh apt configuration for {@code repo} (as sources.list writes it) with one auth.conf line. */
    private Path aptRoot(String name, String repo, String keyUrl, String login, String password) throws Exception {
        Path root = dir.resolve("apt-" + name);
        for (String d : List.of("state/lists/partial", "cache/archives/partial", "etc/auth", "etc/none", "downloads")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("state/status"), "");
        Api.Response key = server.as("Private-Token", devToken).get(keyUrl);
        assertThat(key.status()).as(key.body()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Files.writeString(root.resolve("etc/key.asc"), key.body());
        for (String type : List.of("deb", "deb-src")) {
            Files.writeString(root.resolve("etc/sources.list"), type + " [signed-by=" + root.resolve("etc/key.asc") + "] "
                    + server.url() + repo + " stable main\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        // apt sends credentials over plain HTTP only to a machine written with its scheme
        Path auth = root.resolve("etc/auth/depot.conf");
        Files.writeString(auth, "machine " + server.url() + repo.replace("%252F", "%2F") + " login " + login
                + " password " + password + "\n");
        Files.setPosixFilePermissions(auth, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return root;
    }

    private Tools.Result apt(Path root, boolean ok, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "Dir::State=" + root.resolve("state"),
                "-o", "Dir::State::status=" + root.resolve("state/status"), "-o", "Dir::Cache=" + root.resolve("cache"),
                "-o", "Dir::Etc::SourceList=" + root.resolve("etc/sources.list"),
                "-o", "Dir::Etc::SourceParts=" + root.resolve("etc/none"),
                "-o", "Dir::Etc::Preferences=" + root.resolve("etc/none/prefs"),
                "-o", "Dir::Etc::PreferencesParts=" + root.resolve("etc/none"),
                "-o", "Dir::Etc::TrustedParts=" + root.resolve("etc/none"),
                "-o", "Dir::Etc::netrcparts=" + root.resolve("etc/auth"), "-o", "Debug::NoLocking=1",
                "-o", "APT::Sandbox::User=root", "-o", "APT::Architecture=amd64", "-o", "APT::Architectures=amd64"));
        command.addAll(List.of(args));
        Tools.Result r = Tools.run(root.resolve("downloads"), Map.of(), command);
        String out = r.stdout() + r.stderr();
        if (ok) {
            assertThat(r.exit()).as(out).isZero();
            // apt reports a bad signature, a missing key or refused credentials as warnings and errors
            assertThat(out).as(out).doesNotContain("W: ").doesNotContain("E: ").doesNotContain("NO_PUBKEY");
        }
        return r;
    }

    @Test
    void apt_updates_and_installs_from_project_and_group_with_signed_indexes() throws Exception {
        curlUpload(build("acme-tool", "1.0-1", "amd64", "acme-data (>= 2.0)"), "acme%2Ftools", "Private-Token: " + devToken, "stable");
        curlUpload(build("acme-data", "2.0-1", "all", null), String.valueOf(data), "Deploy-Token: " + deployToken, "stable");

        // the project by path, as a CI job: the tool resolves; its dependency lives in the other project
        Path byPath = aptRoot("path", "/api/v4/projects/acme%252Ftools/packages/debian",
                "/api/v4/projects/acme%2Ftools/debian_distributions/stable/key.asc", "gitlab-ci-token", job);
        apt(byPath, true, "update");
        apt(byPath, true, "download", "acme-tool");
        assertThat(byPath.resolve("downloads/acme-tool_1.0-1_amd64.deb")).exists();

        // the data project by id, with its deploy token
        Path byId = aptRoot("id", "/api/v4/projects/" + data + "/packages/debian",
                "/api/v4/projects/" + data + "/debian_distributions/stable/key.asc", deployUser, deployToken);
        apt(byId, true, "update");
        apt(byId, true, "download", "acme-data");
        assertThat(byId.resolve("downloads/acme-data_2.0-1_all.deb")).exists();

        // the group: both projects in one signed index, so the install resolves the dependency
        Path group = aptRoot("group", "/api/v4/groups/acme/-/packages/debian",
                "/api/v4/groups/acme/-/debian_distributions/stable/key.asc", "dev", devToken);
        apt(group, true, "update");
        Tools.Result install = apt(group, true, "install", "--download-only", "-y", "acme-tool");
        assertThat(install.stdout()).contains("acme-tool").contains("acme-data");
        assertThat(group.resolve("cache/archives/acme-tool_1.0-1_amd64.deb")).exists();
        assertThat(group.resolve("cache/archives/acme-data_2.0-1_all.deb")).exists();

        // a second version: the next update sees it
        curlUpload(build("acme-tool", "1.1-1", "amd64", "acme-data (>= 2.0)"), String.valueOf(tools), "Private-Token: " + devToken, "stable");
        apt(group, true, "update");
        apt(group, true, "download", "acme-tool");
        assertThat(group.resolve("downloads/acme-tool_1.1-1_amd64.deb")).exists();

        // a deleted package is no longer offered
        long id = server.root().get("/api/v4/projects/" + data + "/packages?package_name=acme-data").json().get(0).get("id").asLong();
        assertThat(server.root().delete("/api/v4/projects/" + data + "/packages/" + id).status()).isEqualTo(204);
        apt(group, true, "update");
        Tools.Result gone = apt(group, false, "download", "acme-data");
        assertThat(gone.exit()).isNotZero();
        // apt still knows the name (the tool depends on it), but nothing provides it any more
        assertThat(gone.stdout() + gone.stderr()).containsAnyOf("Unable to locate package acme-data",
                "package acme-data as it has no candidate");

        // wrong credentials: apt reports 401 and gets nothing
        Files.writeString(group.resolve("etc/auth/depot.conf"), "machine " + server.url()
                + "/api/v4/groups/acme/-/packages/debian login dev password wrong\n");
        Tools.Result refused = apt(group, false, "update");
        assertThat(refused.stdout() + refused.stderr()).contains("401");
    }

    @Test
    void apt_get_source_fetches_a_source_package_uploaded_file_by_file() throws Exception {
        Path pool = Files.createDirectories(dir.resolve("src"));
        Path tree = Files.createDirectories(pool.resolve("acme-lib-3.1/debian/source"));
        Files.writeString(tree.resolveSibling("README"), "acme-lib upstream\n");
        Files.writeString(tree.resolve("format"), "3.0 (quilt)\n");
        Files.writeString(tree.resolveSibling("control"), "Source: acme-lib\nSection: libs\nPriority: optional\n"
                + "Maintainer: Acme <dev@acme.test>\nStandards-Version: 4.6.2\n\nPackage: libacme1\nArchitecture: any\n"
                + "Description: the library\n long.\n");
        Files.writeString(tree.resolveSibling("changelog"), "acme-lib (3.1-1) stable; urgency=medium\n\n  * Release.\n\n"
                + " -- Acme <dev@acme.test>  Sun, 06 Dec 2026 05:00:00 +0000\n");
        Tools.ok(pool, Map.of(), List.of("tar", "czf", "acme-lib_3.1.orig.tar.gz", "--exclude=debian", "acme-lib-3.1"));
        Tools.ok(pool, Map.of(), List.of("dpkg-source", "-b", "acme-lib-3.1"));
        // the .dsc first, then the files it names
        for (String file : List.of("acme-lib_3.1-1.dsc", "acme-lib_3.1.orig.tar.gz", "acme-lib_3.1-1.debian.tar.xz")) {
            curlUpload(pool.resolve(file), "acme%2Ftools", "Private-Token: " + devToken, "stable");
        }
        // the .changes dpkg-genchanges writes is accepted (its Files lines name section and priority too); with one
        // checksum changed — an MD5 — it is refused
        // (run from the tree, which must stay clean: Tools keeps its output files in the directory it runs in)
        Tools.ok(pool, Map.of(), List.of("sh", "-c", "cd acme-lib-3.1 && dpkg-genchanges -S -sa -O../acme-lib_3.1-1_source.changes"));
        Path changes = pool.resolve("acme-lib_3.1-1_source.changes");
        String genuine = Files.readString(changes);
        String md5 = Tools.ok(pool, Map.of(), List.of("md5sum", "acme-lib_3.1.orig.tar.gz")).stdout().substring(0, 32);
        assertThat(genuine).contains(md5);
        Api dev = server.as("Private-Token", devToken);
        Api.Response lie = dev.putBytes("/api/v4/projects/" + tools + "/packages/debian/acme-lib_3.1-1_source.changes",
                genuine.replace(md5, "0".repeat(32)).getBytes(StandardCharsets.UTF_8));
        assertThat(lie.status()).as(lie.body()).isEqualTo(400);
        assertThat(lie.body()).contains("acme-lib_3.1.orig.tar.gz does not match");
        curlUpload(changes, "acme%2Ftools", "Private-Token: " + devToken, "stable");

        // a new revision reuses the orig tarball: its .dsc takes the one already here, and only the new files follow
        Files.writeString(tree.resolveSibling("changelog"), "acme-lib (3.1-2) stable; urgency=medium\n\n  * Fix.\n\n"
                + " -- Acme <dev@acme.test>  Mon, 07 Dec 2026 05:00:00 +0000\n\n" + Files.readString(tree.resolveSibling("changelog")));
        Tools.ok(pool, Map.of(), List.of("dpkg-source", "-b", "acme-lib-3.1"));
        Api.Response second = dev.putBytes("/api/v4/projects/" + tools + "/packages/debian/acme-lib_3.1-2.dsc?distribution=stable",
                Files.readAllBytes(pool.resolve("acme-lib_3.1-2.dsc")));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("awaiting").toString()).isEqualTo("[\"acme-lib_3.1-2.debian.tar.xz\"]");
        curlUpload(pool.resolve("acme-lib_3.1-2.debian.tar.xz"), "acme%2Ftools", "Private-Token: " + devToken, "stable");

        Path group = aptRoot("source", "/api/v4/groups/acme/-/packages/debian",
                "/api/v4/groups/acme/-/debian_distributions/stable/key.asc", "dev", devToken);
        apt(group, true, "update");
        apt(group, true, "source", "--download-only", "acme-lib=3.1-1");
        apt(group, true, "source", "--download-only", "acme-lib");
        for (String file : List.of("acme-lib_3.1-1.dsc", "acme-lib_3.1.orig.tar.gz", "acme-lib_3.1-1.debian.tar.xz",
                "acme-lib_3.1-2.dsc", "acme-lib_3.1-2.debian.tar.xz")) {
            assertThat(Files.readAllBytes(group.resolve("downloads/" + file))).isEqualTo(Files.readAllBytes(pool.resolve(file)));
        }
    }
}

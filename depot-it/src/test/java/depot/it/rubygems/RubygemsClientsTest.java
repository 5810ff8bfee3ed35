package depot.it.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's RubyGems 3.3 and bundler 2.3 against one server: {@code gem build} and {@code gem push} with each kind of
 * credential (the root token, a developer's personal token, a deploy token, a CI job token) to a project addressed by
 * id and by path; {@code gem install} from the project, its group and the instance (compact index), platform gems,
 * {@code gem list --remote} (full index), {@code gem yank}; {@code bundle lock} and {@code bundle install} from a
 * group with the compact index, again after a new version (bundler's range request of {@code versions}), and with
 * {@code --full-index}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RubygemsClientsTest {
    private TestServer server;
    private World world;
    private Path gem;
    private Path bundle;
    private long gemsProject;
    private long bundledProject;
    private String developerToken;
    private long developerId;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        gem = Tools.require("gem", "apt-get install ruby");
        bundle = Tools.require("bundle", "apt-get install ruby-bundler");
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        long group = world.group("acme", "private");
        gemsProject = world.project(group, "gems", "private");
        bundledProject = world.project(group, "bundled", "private");
        World.Person dev = world.user("dev", "api");
        world.member("groups", group, dev.id(), 30);
        developerToken = dev.token();
        developerId = dev.id();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private String mount(String kind, String id) {
        return server.url() + "/api/v4/" + (kind.equals("instance") ? "packages/rubygems"
                : kind + "/" + id + (kind.equals("groups") ? "/-" : "") + "/packages/rubygems");
    }

    /** A source URL with the token as its Basic password, as {@code gem install --source} takes it. */
    private static String withToken(String url, String token) {
        return url.replace("://", "://depot:" + token + "@") + "/";
    }

    private Map<String, String> env(String home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve(home).toString());
        env.put("GEM_HOME", dir.resolve(home + "/gems").toString());
        env.put("GEM_PATH", dir.resolve(home + "/gems").toString());
        env.put("GEM_SPEC_CACHE", dir.resolve(home + "/spec-cache").toString());
        env.put("BUNDLE_USER_HOME", dir.resolve(home + "/bundle").toString());
        env.put("BUNDLE_APP_CONFIG", dir.resolve(home + "/bundle-app").toString());
        return env;
    }

    /** {@code gem build} of a gem with one library file and, optionally, a platform and a dependency. */
    private Path build(String name, String version, String platform, String dependency) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/" + name + "-" + version + "-" + platform));
        Files.createDirectories(src.resolve("lib"));
        Files.writeString(src.resolve("lib/" + name.replace('-', '_') + ".rb"), "module Depot" + Math.abs(name.hashCode())
                + "; VERSION = '" + version + "'; end\n");
        Files.writeString(src.resolve("g.gemspec"), "Gem::Specification.new do |s|\n  s.name = '" + name
                + "'\n  s.version = '" + version + "'\n  s.summary = 'A gem of the Depot tests'\n  s.authors = ['Acme']\n"
                + "  s.license = 'MIT'\n  s.files = ['lib/" + name.replace('-', '_') + ".rb']\n"
                + (platform.equals("ruby") ? "" : "  s.platform = '" + platform + "'\n")
                + (dependency == null ? "" : "  s.add_runtime_dependency " + dependency + "\n") + "end\n");
        String file = name + "-" + version + (platform.equals("ruby") ? "" : "-" + platform) + ".gem";
        Tools.ok(src, env("build"), List.of(gem.toString(), "build", "g.gemspec", "-o", file));
        return src.resolve(file);
    }

    private void push(Path file, String host, String token) throws Exception {
        Map<String, String> env = env("push");
        env.put("GEM_HOST_API_KEY", token);
        Tools.Result r = Tools.ok(file.getParent(), env, List.of(gem.toString(), "push", file.toString(), "--host", host));
        assertThat(r.stdout()).contains("Successfully registered gem");
    }

    private Tools.Result install(String home, String source, String... gems) throws Exception {
        List<String> command = new ArrayList<>(List.of(gem.toString(), "install", "--clear-sources", "--source", source,
                "--no-document"));
        command.addAll(List.of(gems));
        return Tools.ok(dir, env(home), command);
    }

    private List<String> installed(String home) throws Exception {
        try (var s = Files.list(dir.resolve(home + "/gems/gems"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void gem_pushes_with_every_credential_and_installs_from_project_group_and_instance() throws Exception {
        String byId = mount("projects", String.valueOf(gemsProject));
        String byPath = mount("projects", "acme%2Fgems");
        var deploy = world.deployToken("projects", gemsProject, "read_package_registry", "write_package_registry");
        String job = world.job(gemsProject, developerId).get("token").asString();
        push(build("base-lib", "1.0.0", "ruby", null), byId, TestServer.ROOT_TOKEN);
        push(build("base-lib", "1.2.0", "ruby", null), byPath, developerToken);
        push(build("app-lib", "0.3.0", "ruby", "'base-lib', '~> 1.1'"), byPath, deploy.get("token").asString());
        push(build("native-lib", "1.0.0", "ruby", null), byId, job);
        push(build("native-lib", "1.0.0", "x86_64-linux", null), byId, job);
        push(build("pre-lib", "2.0.0.pre1", "ruby", null), byId, developerToken);

        Map<String, String> sources = Map.of("project-id", withToken(byId, TestServer.ROOT_TOKEN),
                "project-path", withToken(byPath, developerToken),
                "group", withToken(mount("groups", "acme"), developerToken),
                "instance", withToken(mount("instance", null), TestServer.ROOT_TOKEN));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            install(source.getKey(), source.getValue(), "app-lib", "native-lib");
            assertThat(installed(source.getKey())).as(source.getKey())
                    .containsExactly("app-lib-0.3.0", "base-lib-1.2.0", "native-lib-1.0.0-x86_64-linux");
        }
        install("pre", sources.get("group"), "pre-lib", "--pre");
        assertThat(installed("pre")).containsExactly("pre-lib-2.0.0.pre1");

        // the full index: gem list --remote reads specs.4.8.gz (and prerelease_specs with --pre)
        Tools.Result list = Tools.ok(dir, env("list"), List.of(gem.toString(), "list", "--remote", "--all",
                "--clear-sources", "--source", sources.get("group")));
        assertThat(list.stdout()).contains("app-lib (0.3.0)").contains("base-lib (1.2.0, 1.0.0)")
                .contains("native-lib (1.0.0 ruby x86_64-linux)").doesNotContain("pre-lib");

        // yank: gone from every index, the file stays downloadable by its exact name
        Map<String, String> yankEnv = env("push");
        yankEnv.put("GEM_HOST_API_KEY", developerToken);
        Tools.Result yank = Tools.ok(dir, yankEnv, List.of(gem.toString(), "yank", "base-lib", "-v", "1.2.0",
                "--host", byPath));
        assertThat(yank.stdout()).contains("Successfully deleted gem: base-lib (1.2.0)");
        Tools.Result after = Tools.run(dir, env("after-yank"), List.of(gem.toString(), "install", "--clear-sources",
                "--source", sources.get("instance"), "--no-document", "app-lib"));
        assertThat(after.exit()).as(after.stdout() + after.stderr()).isNotZero();
        assertThat(after.stderr()).contains("base-lib");
        install("after-yank", sources.get("group"), "base-lib");
        assertThat(installed("after-yank")).containsExactly("base-lib-1.0.0");
        assertThat(server.root().get("/api/v4/projects/" + gemsProject + "/packages/rubygems/gems/base-lib-1.2.0.gem")
                .status()).isEqualTo(200);
        assertThat(server.root().get("/api/v4/projects/" + gemsProject + "/packages?package_type=rubygems&per_page=100")
                .json()).hasSize(5);   // native-lib is one package with two platform files
    }

    @Test
    void bundler_locks_and_installs_from_a_group_with_the_compact_and_the_full_index() throws Exception {
        String project = mount("projects", String.valueOf(bundledProject));
        push(build("bundled-base", "1.0.0", "ruby", null), project, TestServer.ROOT_TOKEN);
        push(build("bundled-app", "2.1.0", "ruby", "'bundled-base', '>= 1.0'"), project, TestServer.ROOT_TOKEN);
        Path app = Files.createDirectories(dir.resolve("app"));
        String group = mount("groups", "acme");
        Files.writeString(app.resolve("Gemfile"), "source \"" + group + "/\"\ngem \"bundled-app\", \"~> 2.1\"\n");
        Map<String, String> env = env("bundler");
        // bundler's credentials for a host: BUNDLE_<HOST> with dots as "__"
        env.put("BUNDLE_127__0__0__1", "depot:" + developerToken);

        Tools.ok(app, env, List.of(bundle.toString(), "lock"));
        assertThat(Files.readString(app.resolve("Gemfile.lock"))).contains("remote: " + group + "/")
                .contains("bundled-app (2.1.0)").contains("bundled-base (1.0.0)");
        Tools.ok(app, env, List.of(bundle.toString(), "config", "set", "--local", "path", "vendor"));
        Tools.ok(app, env, List.of(bundle.toString(), "install"));
        Tools.Result run = Tools.ok(app, env, List.of(bundle.toString(), "exec", "ruby", "-e",
                "require 'bundled_app'; require 'bundled_base'; puts :loaded"));
        assertThat(run.stdout().trim()).isEqualTo("loaded");

        // a new version: bundler brings its copy of versions up to date with a range request and takes it
        push(build("bundled-base", "1.1.0", "ruby", null), project, TestServer.ROOT_TOKEN);
        Tools.ok(app, env, List.of(bundle.toString(), "lock", "--update"));
        assertThat(Files.readString(app.resolve("Gemfile.lock"))).contains("bundled-base (1.1.0)");

        // the full index (specs.4.8.gz and the quick gemspecs)
        Files.delete(app.resolve("Gemfile.lock"));
        Tools.ok(app, env, List.of(bundle.toString(), "install", "--full-index"));
        assertThat(Files.readString(app.resolve("Gemfile.lock"))).contains("bundled-app (2.1.0)")
                .contains("bundled-base (1.1.0)");
    }
}

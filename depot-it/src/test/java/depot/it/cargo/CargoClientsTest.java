package depot.it.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's cargo against a private project, its group and the instance, all with {@code auth-required}, and
 * nothing but Depot to fetch from ({@code CARGO_HOME} in a temp dir): {@code cargo login} with {@code cargo:token},
 * {@code cargo publish} of a library with features and of one that depends on it (renamed, optional, with
 * {@code dep:} and {@code ?/} features), {@code cargo build} of a binary that takes one through the group index and
 * the other through the instance index, {@code cargo yank} and {@code --undo}, {@code cargo search}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CargoClientsTest {
    private TestServer server;
    private Path cargo;
    private long project;
    private String developerToken;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        cargo = CargoTools.cargo();
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long group = world.group("acme", "private");
        project = world.project(group, "rust", "private");
        World.Person dev = world.user("dev", "api");
        world.member("groups", group, dev.id(), 30);
        developerToken = dev.token();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CARGO_HOME", dir.resolve("cargo-home").toString());
        env.put("HOME", dir.resolve("home").toString());
        env.put("CARGO_TERM_COLOR", "never");
        env.put("CARGO_TARGET_DIR", dir.resolve("target").toString());
        env.put("CARGO_NET_GIT_FETCH_WITH_CLI", "false");
        env.putAll(CargoTools.toolchain());
        return env;
    }

    private void crate(String folder, String manifest, String librs) throws Exception {
        Path p = Files.createDirectories(dir.resolve(folder + "/src"));
        Files.writeString(dir.resolve(folder + "/Cargo.toml"), manifest);
        Files.writeString(p.resolve(manifest.contains("[[bin]]") || librs.contains("fn main") ? "main.rs" : "lib.rs"), librs);
    }

    @Test
    void cargo_publishes_builds_through_group_and_instance_yanks_and_searches() throws Exception {
        Path home = Files.createDirectories(dir.resolve("cargo-home"));
        String base = server.url() + "/api/v4/";
        Files.writeString(home.resolve("config.toml"), """
                [registries.depot]
                index = "sparse+%sprojects/acme%%2Frust/packages/cargo/index/"
                [registries.depot-group]
                index = "sparse+%sgroups/acme/-/packages/cargo/index/"
                [registries.depot-all]
                index = "sparse+%spackages/cargo/index/"
                [registry]
                global-credential-providers = ["cargo:token"]
                """.formatted(base, base, base));
        Map<String, String> env = env();
        // cargo login stores the token for the project registry; the others get theirs from the environment
        Tools.ok(dir, env, List.of(cargo.toString(), "login", "--registry", "depot", developerToken));
        env.put("CARGO_REGISTRIES_DEPOT_GROUP_TOKEN", developerToken);
        env.put("CARGO_REGISTRIES_DEPOT_ALL_TOKEN", TestServer.ROOT_TOKEN);

        crate("depot-base", """
                [package]
                name = "depot-base"
                version = "0.1.0"
                edition = "2021"
                description = "The base of the Depot tests"
                license = "MIT"
                [features]
                default = ["std"]
                std = []
                extra = []
                """, "pub fn base() -> &'static str { if cfg!(feature = \"extra\") { \"base+extra\" } else { \"base\" } }\n");
        Tools.ok(dir.resolve("depot-base"), env, List.of(cargo.toString(), "publish", "--registry", "depot", "--quiet"));
        crate("depot-app-lib", """
                [package]
                name = "depot-app-lib"
                version = "0.2.0"
                edition = "2021"
                description = "Depends on the base"
                license = "MIT"
                rust-version = "1.60"
                [dependencies]
                base = { package = "depot-base", version = "0.1", registry = "depot", optional = true }
                [features]
                default = ["fancy"]
                fancy = ["dep:base", "base?/extra"]
                """, "pub fn app() -> String { format!(\"app on {}\", base::base()) }\n");
        Tools.ok(dir.resolve("depot-app-lib"), env, List.of(cargo.toString(), "publish", "--registry", "depot", "--quiet"));

        String index = server.root().get("/api/v4/projects/" + project + "/packages/cargo/index/de/po/depot-app-lib").body();
        assertThat(index).contains("\"name\":\"base\"").contains("\"package\":\"depot-base\"").contains("\"req\":\"^0.1\"")
                .contains("\"features2\":{\"fancy\":[\"dep:base\",\"base?/extra\"]}").contains("\"v\":2")
                .contains("\"rust_version\":\"1.60\"");

        crate("consumer", """
                [package]
                name = "consumer"
                version = "1.0.0"
                edition = "2021"
                publish = false
                [dependencies]
                depot-app-lib = { version = "0.2", registry = "depot-group" }
                depot-base = { version = "0.1", registry = "depot-all" }
                """, "fn main() { println!(\"{} / {}\", depot_app_lib::app(), depot_base::base()); }\n");
        Tools.Result run = Tools.ok(dir.resolve("consumer"), env, List.of(cargo.toString(), "run", "--quiet"));
        assertThat(run.stdout().trim()).isEqualTo("app on base+extra / base");

        Tools.ok(dir, env, List.of(cargo.toString(), "yank", "--registry", "depot", "depot-base@0.1.0"));
        assertThat(server.root().get("/api/v4/projects/" + project + "/packages/cargo/index/de/po/depot-base").body())
                .contains("\"yanked\":true");
        Tools.ok(dir, env, List.of(cargo.toString(), "yank", "--registry", "depot", "--undo", "depot-base@0.1.0"));
        assertThat(server.root().get("/api/v4/projects/" + project + "/packages/cargo/index/de/po/depot-base").body())
                .contains("\"yanked\":false");

        Tools.Result search = Tools.ok(dir, env, List.of(cargo.toString(), "search", "--registry", "depot-group", "depot"));
        assertThat(search.stdout()).contains("depot-app-lib = \"0.2.0\"").contains("depot-base = \"0.1.0\"");
        // a second publish of a version: cargo finds it in the index and stops (the server refuses it too:
        // CargoBadInputTest)
        Tools.Result again = Tools.run(dir.resolve("depot-base"), env, List.of(cargo.toString(), "publish", "--registry",
                "depot", "--quiet", "--no-verify"));
        assertThat(again.exit()).isNotZero();
        assertThat(again.stderr()).contains("depot-base@0.1.0 already exists");
    }
}

package depot.it.cli;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands: gc, fsck, token, migrate-storage and migrate-db, on a data directory a server wrote. */
// one stack: every server here names its own database and blob store (SQLite and files, migrated into PostgreSQL
// and S3 by the commands under test), whatever -Ddepot.it.stack asks for
@depot.it.support.OneStack
class CommandLineTest {
    @TempDir Path dir;

    private List<String> depot(Path dataDir, String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("..", "depot-server", "target", "depot.jar").toAbsolutePath().normalize().toString()));
        c.addAll(List.of(args));
        c.addAll(List.of("--data-dir", dataDir.toString()));
        return c;
    }

    @Test
    void gc_removes_orphans_fsck_finds_corruption_and_token_prints_a_working_token() throws Exception {
        Path data;
        String keptSha;
        // the embedded layout itself (a data directory the CLI opens), in every test run
        try (TestServer server = new TestServer(Backend.SQLITE, java.util.Map.of("blob_store", "fs"))) {
            data = Files.createTempDirectory(dir, "copy");
            World world = new World(server);
            Api root = server.root();
            long project = world.project(world.group("cli", "private"), "p", "private");
            String base = "/api/v4/projects/" + project + "/packages/generic/";
            root.putBytes(base + "kept/1.0.0/k.bin", "kept bytes".getBytes(StandardCharsets.UTF_8));
            root.putBytes(base + "dropped/1.0.0/d.bin", "dropped bytes".getBytes(StandardCharsets.UTF_8));
            long dropped = root.get("/api/v4/projects/" + project + "/packages?package_name=dropped").json().get(0)
                    .get("id").asLong();
            root.delete("/api/v4/projects/" + project + "/packages/" + dropped);
            keptSha = depot.core.blob.Digests.sha256Hex("kept bytes".getBytes(StandardCharsets.UTF_8));
            copy(server.dataDir(), data);
        }

        Tools.Result gc = Tools.ok(dir, Map.of(), depot(data, "gc", "--grace", "0s"));
        Tools.Result clean = Tools.ok(dir, Map.of(), depot(data, "fsck"));
        Path kept = data.resolve("blobs/sha256/" + keptSha.substring(0, 2) + "/" + keptSha.substring(2, 4) + "/" + keptSha);
        Files.writeString(kept, "tampered!!");
        Tools.Result corrupt = Tools.run(dir, Map.of(), depot(data, "fsck"));
        Tools.Result token = Tools.ok(dir, Map.of(), depot(data, "token", "--user", "root", "--scopes", "read_api"));

        assertThat(gc.stdout()).contains("deleted 1");
        assertThat(clean.stdout()).contains("checked 1 blobs").contains("0 corrupt");
        assertThat(corrupt.exit()).isEqualTo(1);
        assertThat(corrupt.stdout()).contains("CORRUPT " + keptSha);
        assertThat(token.stdout().trim()).startsWith("dpat-");
    }

    @Test
    void migrate_storage_copies_an_embedded_installation_into_s3_and_the_server_then_serves_from_there()
            throws Exception {
        Path data = Files.createTempDirectory(dir, "embedded");
        byte[] big = new byte[(7 << 20) + 5];
        new java.util.Random(2).nextBytes(big);
        String base;
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("blob_store", "fs", "data_dir", data.toString()))) {
            World world = new World(server);
            long project = world.project(world.group("mig", "private"), "p", "private");
            base = "/api/v4/projects/" + project + "/packages/generic/";
            assertThat(server.root().putBytes(base + "small/1.0.0/s.txt", "small bytes".getBytes()).status())
                    .isEqualTo(201);
            assertThat(server.root().putBytes(base + "big/1.0.0/b.bin", big).status()).isEqualTo(201);
        }
        Map<String, String> s3 = depot.it.support.ObjectStore.newBucket();
        List<String> flags = new ArrayList<>();
        s3.forEach((k, v) -> {
            if (!k.equals("blob_store")) flags.addAll(List.of("--" + k.replace('_', '-'), v));
        });

        List<String> migrate = new ArrayList<>(List.of("migrate-storage"));
        migrate.addAll(flags);
        Tools.Result first = Tools.ok(dir, Map.of(), depot(data, migrate.toArray(String[]::new)));
        Tools.Result again = Tools.ok(dir, Map.of(), depot(data, migrate.toArray(String[]::new)));

        assertThat(first.stdout()).contains("2 blobs").contains("2 copied, 0 already there");
        assertThat(again.stdout()).contains("0 copied, 2 already there");
        // the switch: same database, blob_store s3, and the local blobs gone
        try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Map<String, String> settings = new java.util.HashMap<>(s3);
        settings.put("data_dir", data.toString());
        settings.put("database_url", "jdbc:sqlite:" + data.resolve("depot.db"));
        try (TestServer server = new TestServer(Backend.SQLITE, settings)) {
            assertThat(server.root().get(base + "small/1.0.0/s.txt").body()).isEqualTo("small bytes");
            var r = server.root().stream(server.root().request(base + "big/1.0.0/b.bin").GET());
            assertThat(r.body().readAllBytes()).isEqualTo(big);
        }
    }

    @Test
    void migrate_db_copies_an_embedded_database_into_postgresql_and_the_server_then_runs_on_it() throws Exception {
        Path data = Files.createTempDirectory(dir, "embedded-db");
        String base;
        String token;
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("blob_store", "fs", "data_dir", data.toString()))) {
            World world = new World(server);
            World.Person dev = world.user("dev");
            token = dev.token();
            long group = world.group("mig", "private");
            long sub = world.subgroup(group, "team", "private");
            long project = world.project(sub, "p", "private");
            world.member("projects", project, dev.id(), 30);
            base = "/api/v4/projects/" + project + "/packages/generic/";
            assertThat(dev.api(server).putBytes(base + "app/1.0.0/a.txt", "app bytes".getBytes()).status())
                    .isEqualTo(201);
        }
        String postgres = Backend.POSTGRES.newDatabaseUrl();

        Tools.Result migrated = Tools.ok(dir, Map.of(), depot(data, "migrate-db", "--to", postgres));
        Tools.Result twice = Tools.run(dir, Map.of(), depot(data, "migrate-db", "--to", postgres));

        assertThat(migrated.stdout()).containsPattern("migrate-db: \\d+ rows in \\d+ tables copied");
        assertThat(twice.exit()).isNotZero();
        assertThat(twice.stderr() + twice.stdout()).contains("not empty");
        Map<String, String> settings = Map.of("blob_store", "fs", "data_dir", data.toString(), "database_url", postgres);
        try (TestServer server = new TestServer(Backend.POSTGRES, settings)) {
            Api dev = server.as("Private-Token", token);
            assertThat(dev.get(base + "app/1.0.0/a.txt").body()).isEqualTo("app bytes");
            assertThat(dev.get("/api/v4/groups/mig%2Fteam").status()).isEqualTo(200);
            // identities continue after the copied ids
            World world = new World(server);
            assertThat(world.project(world.group("after", "private"), "q", "private")).isPositive();
            assertThat(dev.putBytes(base + "app/1.0.1/a.txt", "more".getBytes()).status()).isEqualTo(201);
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

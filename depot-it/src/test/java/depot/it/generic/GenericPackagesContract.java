package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Generic packages through real HTTP; runs once per database backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GenericPackagesContract {
    private TestServer server;
    private World world;
    private Api root;
    private long group;
    private long project;

    abstract Backend backend();

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(backend());
        world = new World(server);
        root = server.root();
        group = world.group("acme-" + backend().name().toLowerCase(), "private");
        project = world.project(group, "tools", "private");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private String file(long projectId, String name, String version, String file) {
        return "/api/v4/projects/" + projectId + "/packages/generic/" + name + "/" + version + "/" + file;
    }

    @Test
    void uploads_and_downloads_by_id_and_by_full_path() {
        // given
        byte[] body = "hello generic\n".getBytes(StandardCharsets.UTF_8);
        String encodedPath = "acme-" + backend().name().toLowerCase() + "%2Ftools";

        // when
        Api.Response put = root.putBytes("/api/v4/projects/" + encodedPath + "/packages/generic/hello/1.0.0/hello.txt", body);
        Api.Response get = root.get(file(project, "hello", "1.0.0", "hello.txt"));

        // then
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("message").asString()).isEqualTo("201 Created");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello generic\n");
        assertThat(get.header("ETag")).contains("\"");
    }

    @Test
    void every_credential_kind_publishes_and_reads() {
        var dev = world.user("creds-" + backend().name().toLowerCase());
        world.member("projects", project, dev.id(), 30);
        String basic = java.util.Base64.getEncoder().encodeToString((dev.username() + ":" + dev.token()).getBytes());
        JsonNode deploy = world.deployToken("projects", project, "write_package_registry");
        List<Api> callers = List.of(
                server.as("Private-Token", dev.token()),
                server.as("Authorization", "Bearer " + dev.token()),
                server.as("Authorization", "Basic " + basic),
                server.as("Deploy-Token", deploy.get("token").asString()),
                server.as("Job-Token", world.job(project, dev.id()).get("token").asString()),
                new Api(server.url(), null, null) {
                    @Override
                    public java.net.http.HttpRequest.Builder request(String path) {
                        return super.request(path + (path.contains("?") ? "&" : "?") + "private_token=" + dev.token());
                    }
                });
        int i = 0;
        for (Api api : callers) {
            String url = file(project, "creds", "1.0." + i++, "c.txt");
            assertThat(api.putBytes(url, "c".getBytes(StandardCharsets.UTF_8)).status()).as(url).isEqualTo(201);
            assertThat(api.get(url).body()).isEqualTo("c");
        }
    }

    @Test
    void select_package_file_returns_the_file_with_its_digests() {
        Api.Response put = root.putBytes(file(project, "digests", "2.0.0", "a.bin") + "?select=package_file",
                "abc".getBytes(StandardCharsets.UTF_8));

        assertThat(put.status()).isEqualTo(201);
        JsonNode f = put.json();
        assertThat(f.get("file_name").asString()).isEqualTo("a.bin");
        assertThat(f.get("size").asLong()).isEqualTo(3);
        assertThat(f.get("file_sha256").asString())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(f.get("file_md5").asString()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(f.get("file_sha1").asString()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void range_requests_return_partial_content() {
        root.putBytes(file(project, "ranges", "1.0.0", "digits.txt"), "0123456789".getBytes(StandardCharsets.UTF_8));
        String url = file(project, "ranges", "1.0.0", "digits.txt");

        Api.Response middle = root.send(root.request(url).header("Range", "bytes=2-4").GET());
        Api.Response open = root.send(root.request(url).header("Range", "bytes=7-").GET());
        Api.Response suffix = root.send(root.request(url).header("Range", "bytes=-3").GET());
        Api.Response beyond = root.send(root.request(url).header("Range", "bytes=20-30").GET());

        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo("234");
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(open.body()).isEqualTo("789");
        assertThat(suffix.body()).isEqualTo("789");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */10");
    }

    @Test
    void a_resumed_download_gets_the_rest_only_of_the_file_it_began() {
        String url = file(project, "resume", "1.0.0", "data.txt");
        root.putBytes(url, "OLD-OLD-OLD-OLD".getBytes(StandardCharsets.UTF_8));
        String began = root.get(url).header("ETag");

        Api.Response same = root.send(root.request(url).header("Range", "bytes=8-").header("If-Range", began).GET());
        assertThat(same.status()).isEqualTo(206);
        assertThat(same.body()).isEqualTo("OLD-OLD");

        // the name now serves other bytes: a client resuming the old file gets the whole new one, never a splice
        root.putBytes(url, "NEW-new-NEW-new".getBytes(StandardCharsets.UTF_8));
        Api.Response changed = root.send(root.request(url).header("Range", "bytes=8-").header("If-Range", began)
                .GET());
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("NEW-new-NEW-new");
        assertThat(changed.header("Content-Range")).isNull();
        Api.Response dated = root.send(root.request(url).header("Range", "bytes=8-")
                .header("If-Range", "Sat, 01 Jan 2000 00:00:00 GMT").GET());
        assertThat(dated.status()).isEqualTo(200);
        assertThat(dated.body()).isEqualTo("NEW-new-NEW-new");
    }

    @Test
    void a_second_upload_of_a_file_name_is_served_and_both_files_are_kept() {
        String url = file(project, "twice", "1.0.0", "f.txt");
        root.putBytes(url, "first".getBytes(StandardCharsets.UTF_8));
        root.putBytes(url, "second".getBytes(StandardCharsets.UTF_8));

        JsonNode pkg = onlyPackage("twice");
        Api.Response files = root.get("/api/v4/projects/" + project + "/packages/" + pkg.get("id").asLong() + "/package_files");

        assertThat(root.get(url).body()).isEqualTo("second");
        assertThat(files.json()).hasSize(2);
    }

    @Test
    void hidden_packages_are_downloadable_but_not_listed() {
        root.putBytes(file(project, "secret-build", "1.0.0", "f.txt") + "?status=hidden", "x".getBytes(StandardCharsets.UTF_8));

        Api.Response listed = root.get("/api/v4/projects/" + project + "/packages?package_name=secret-build");
        Api.Response hidden = root.get("/api/v4/projects/" + project + "/packages?package_name=secret-build&status=hidden");

        assertThat(root.get(file(project, "secret-build", "1.0.0", "f.txt")).status()).isEqualTo(200);
        assertThat(listed.json()).isEmpty();
        assertThat(hidden.json()).hasSize(1);
        assertThat(root.putBytes(file(project, "secret-build", "1.0.0", "g.txt") + "?status=weird", new byte[1]).status())
                .isEqualTo(400);
    }

    @Test
    void duplicates_are_rejected_when_the_group_forbids_them() {
        long g = world.group("strict-" + backend().name().toLowerCase(), "private");
        long p = world.project(g, "app", "private");
        Api.Response settings = root.put("/api/v4/groups/" + g + "/package_settings",
                Map.of("generic_duplicates_allowed", false, "generic_duplicate_exception_regex", "-SNAPSHOT$"));
        String url = file(p, "lib", "1.0.0", "lib.bin");

        Api.Response first = root.putBytes(url, "one".getBytes(StandardCharsets.UTF_8));
        Api.Response second = root.putBytes(url, "two".getBytes(StandardCharsets.UTF_8));
        Api.Response otherFile = root.putBytes(file(p, "lib", "1.0.0", "lib.txt"), "doc".getBytes(StandardCharsets.UTF_8));
        Api.Response snapshot1 = root.putBytes(file(p, "lib", "1.1.0-SNAPSHOT", "lib.bin"), "a".getBytes(StandardCharsets.UTF_8));
        Api.Response snapshot2 = root.putBytes(file(p, "lib", "1.1.0-SNAPSHOT", "lib.bin"), "b".getBytes(StandardCharsets.UTF_8));

        assertThat(settings.status()).isEqualTo(200);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("message").asString()).contains("Duplicate");
        assertThat(root.get(url).body()).isEqualTo("one");
        assertThat(otherFile.status()).isEqualTo(201);
        assertThat(snapshot1.status()).isEqualTo(201);
        assertThat(snapshot2.status()).isEqualTo(201);
    }

    @Test
    void lists_filter_order_and_paginate() {
        long g = world.group("lists-" + backend().name().toLowerCase(), "private");
        long sub = world.subgroup(g, "sub", "private");
        long p1 = world.project(g, "one", "private");
        long p2 = world.project(sub, "two", "private");
        for (String v : List.of("1.0.0", "1.1.0", "2.0.0")) {
            root.putBytes(file(p1, "alpha", v, "a.txt"), v.getBytes(StandardCharsets.UTF_8));
        }
        root.putBytes(file(p2, "beta", "0.1.0", "b.txt"), "b".getBytes(StandardCharsets.UTF_8));

        Api.Response page1 = root.get("/api/v4/projects/" + p1 + "/packages?per_page=2&order_by=version&sort=desc");
        Api.Response page2 = root.get("/api/v4/projects/" + p1 + "/packages?per_page=2&page=2&order_by=version&sort=desc");
        Api.Response groupAll = root.get("/api/v4/groups/" + g + "/packages?order_by=project_path");
        Api.Response groupTop = root.get("/api/v4/groups/" + g + "/packages?exclude_subgroups=true");
        Api.Response byName = root.get("/api/v4/groups/" + g + "/packages?package_name=bet");
        Api.Response byVersion = root.get("/api/v4/projects/" + p1 + "/packages?package_version=1.1.0");
        Api.Response badOrder = root.get("/api/v4/projects/" + p1 + "/packages?order_by=size");

        assertThat(versions(page1.json())).containsExactly("2.0.0", "1.1.0");
        assertThat(page1.header("X-Total")).isEqualTo("3");
        assertThat(page1.header("X-Total-Pages")).isEqualTo("2");
        assertThat(page1.header("X-Next-Page")).isEqualTo("2");
        assertThat(page1.header("Link")).contains("rel=\"next\"");
        assertThat(versions(page2.json())).containsExactly("1.0.0");
        assertThat(page2.header("X-Prev-Page")).isEqualTo("1");
        Api.Response past = root.get("/api/v4/projects/" + p1 + "/packages?per_page=2&page=9");
        assertThat(past.json()).isEmpty();
        assertThat(past.header("X-Prev-Page")).isEmpty();   // past the last page: no previous page either
        assertThat(past.header("Link")).doesNotContain("rel=\"prev\"").contains("rel=\"last\"");
        assertThat(page2.header("X-Total")).isEqualTo("3");   // a last page, which counts without a count query
        assertThat(page2.header("X-Total-Pages")).isEqualTo("2");
        assertThat(byName.header("X-Total")).isEqualTo("1");
        assertThat(groupAll.json()).hasSize(4);
        assertThat(groupAll.json().get(0).get("project_path").asString()).endsWith("/one");
        assertThat(groupTop.json()).hasSize(3);
        assertThat(byName.json()).hasSize(1);
        assertThat(byVersion.json()).hasSize(1);
        assertThat(badOrder.status()).isEqualTo(400);
    }

    @Test
    void listings_past_ten_thousand_are_not_counted_as_in_gitlab() {
        long p = world.project(group, "huge", "private");
        var packages = server.services().packages();
        server.services().database().jdbi().useTransaction(h -> {
            for (int i = 0; i < 10_001; i++) {
                packages.insert(p, "generic", "many", "many", "1.0." + i, "default", null, null, null, i);
            }
        });

        Api.Response first = root.get("/api/v4/projects/" + p + "/packages?per_page=100");
        Api.Response last = root.get("/api/v4/projects/" + p + "/packages?per_page=100&page=101");

        assertThat(first.json()).hasSize(100);
        assertThat(first.headers().firstValue("X-Total")).isEmpty();
        assertThat(first.header("X-Next-Page")).isEqualTo("2");
        assertThat(first.header("Link")).contains("rel=\"next\"").doesNotContain("rel=\"last\"");
        assertThat(last.json()).hasSize(1);
        assertThat(last.header("X-Next-Page")).isEmpty();
    }

    @Test
    void a_package_shows_its_versions_files_and_pipeline_and_deletes() {
        var dev = world.user("dev-" + backend().name().toLowerCase());
        world.member("projects", project, dev.id(), 30);
        JsonNode job = world.job(project, dev.id());
        Api ci = server.as("Job-Token", job.get("token").asString());
        ci.putBytes(file(project, "built", "1.0.0", "app.bin"), "app".getBytes(StandardCharsets.UTF_8));
        root.putBytes(file(project, "built", "0.9.0", "app.bin"), "old".getBytes(StandardCharsets.UTF_8));
        long id = versionId("built", "1.0.0");

        JsonNode pkg = root.get("/api/v4/projects/" + project + "/packages/" + id).json();
        Api.Response pipelines = root.get("/api/v4/projects/" + project + "/packages/" + id + "/pipelines");
        Api.Response deleted = root.delete("/api/v4/projects/" + project + "/packages/" + id);

        assertThat(pkg.get("versions")).hasSize(1);
        assertThat(pkg.get("pipeline").get("id").asLong()).isEqualTo(77);
        assertThat(pkg.get("pipeline").get("user").get("username").asString()).isEqualTo(dev.username());
        assertThat(pipelines.json().get(0).get("sha").asString()).startsWith("0123456789abcdef");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(root.get("/api/v4/projects/" + project + "/packages/" + id).status()).isEqualTo(404);
        assertThat(root.get(file(project, "built", "1.0.0", "app.bin")).status()).isEqualTo(404);
    }

    @Test
    void deleting_the_last_file_deletes_the_package() {
        root.putBytes(file(project, "onefile", "1.0.0", "x.txt"), "x".getBytes(StandardCharsets.UTF_8));
        long id = versionId("onefile", "1.0.0");
        long fileId = root.get("/api/v4/projects/" + project + "/packages/" + id + "/package_files").json().get(0)
                .get("id").asLong();

        Api.Response r = root.delete("/api/v4/projects/" + project + "/packages/" + id + "/package_files/" + fileId);

        assertThat(r.status()).isEqualTo(204);
        assertThat(root.get("/api/v4/projects/" + project + "/packages/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_finished_job_token_no_longer_works() {
        var dev = world.user("finisher-" + backend().name().toLowerCase());
        world.member("projects", project, dev.id(), 30);
        JsonNode job = world.job(project, dev.id());
        Api ci = server.as("Job-Token", job.get("token").asString());
        assertThat(ci.putBytes(file(project, "jobbed", "1.0.0", "a"), new byte[] {1}).status()).isEqualTo(201);

        root.post("/api/v4/projects/" + project + "/jobs/" + job.get("id").asLong() + "/finish", Map.of("status", "success"));

        assertThat(ci.putBytes(file(project, "jobbed", "1.0.1", "a"), new byte[] {1}).status()).isEqualTo(401);
    }

    @Test
    void deleting_a_project_deletes_its_packages() {
        long p = world.project(group, "doomed", "private");
        root.putBytes(file(p, "gone", "1.0.0", "a"), new byte[] {1, 2});
        long before = server.services().packages().reports().countFiles();

        Api.Response r = root.delete("/api/v4/projects/" + p);

        assertThat(r.status()).isEqualTo(202);
        assertThat(root.get("/api/v4/projects/" + p).status()).isEqualTo(404);
        assertThat(server.services().packages().reports().countFiles()).isEqualTo(before - 1);
    }

    private JsonNode onlyPackage(String name) {
        JsonNode list = root.get("/api/v4/projects/" + project + "/packages?package_name=" + name).json();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private long versionId(String name, String version) {
        JsonNode list = root.get("/api/v4/projects/" + project + "/packages?package_name=" + name
                + "&package_version=" + version).json();
        assertThat(list).hasSize(1);
        return list.get(0).get("id").asLong();
    }

    private static List<String> versions(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("version").asString()));
        return out;
    }
}

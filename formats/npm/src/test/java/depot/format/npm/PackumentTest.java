package depot.format.npm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The full and abbreviated packuments compared byte for byte with golden files in src/test/resources/golden. */
class PackumentTest {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String BASE = "https://depot.example/api/v4/projects/7/packages/npm";
    private static final NpmName NAME = NpmName.parse("@acme/hello");

    static long at(String iso) { return Instant.parse(iso).toEpochMilli(); }

    static List<Packument.Version> versions() {
        return List.of(
                new Packument.Version("1.0.0", PublishBody.JSON.readTree("""
                        {"name":"@acme/hello","version":"1.0.0","description":"first","main":"index.js",
                         "license":"MIT","dependencies":{"left-pad":"^1.3.0"},"scripts":{"test":"node t.js"},
                         "deprecated":"use 1.1"}"""), "# one",
                        "1111111111111111111111111111111111111111", "ab".repeat(64),
                        at("2026-01-01T10:00:00Z"), at("2026-02-01T10:00:00.123Z")),
                new Packument.Version("1.1.0", PublishBody.JSON.readTree("""
                        {"name":"@acme/hello","version":"1.1.0","description":"second","main":"index.js",
                         "license":"MIT","homepage":"https://example.com","keywords":["greeting"],
                         "scripts":{"postinstall":"node setup.js"},"bin":{"hello":"cli.js"},
                         "engines":{"node":">=18"},"readme":"stored apart; a manifest that carries one does not repeat it"}"""),
                        "# two", "2222222222222222222222222222222222222222", "cd".repeat(64),
                        at("2026-01-15T08:30:00Z"), at("2026-01-15T08:30:00Z")),
                new Packument.Version("2.0.0-beta.1", PublishBody.JSON.readTree("""
                        {"name":"@acme/hello","version":"2.0.0-beta.1","peerDependencies":{"react":"*"}}"""),
                        null, "3333333333333333333333333333333333333333", "ef".repeat(64),
                        at("2026-03-01T00:00:00Z"), at("2026-03-01T00:00:00Z")));
    }

    static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("beta", "2.0.0-beta.1");
        tags.put("latest", "1.1.0");
        return tags;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = PackumentTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_full_packument_has_every_version_with_depot_dist_times_tags_and_the_latest_readme() throws IOException {
        String json = PRETTY.writeValueAsString(Packument.full(NAME, versions(), tags(), "1-3-abc-9", BASE)) + "\n";

        assertThat(json).isEqualTo(golden("packument-full.json"));
    }

    @Test
    void the_abbreviated_packument_keeps_what_installers_need() throws IOException {
        String json = PRETTY.writeValueAsString(Packument.abbreviated(NAME, versions(), tags(), BASE)) + "\n";

        assertThat(json).isEqualTo(golden("packument-abbreviated.json"));
    }

    @Test
    void without_a_latest_tag_latest_is_the_highest_release_as_after_deleting_the_version_that_held_it() {
        Map<String, String> onlyBeta = Map.of("beta", "2.0.0-beta.1");
        // 1.10.0 sorts above 1.9.0 as a version, not as text; the pre-release does not count while a release exists
        List<Packument.Version> more = new java.util.ArrayList<>(versions());
        more.add(new Packument.Version("1.10.0", PublishBody.JSON.readTree("{}"), null, "4".repeat(40), "01".repeat(64),
                at("2026-04-01T00:00:00Z"), at("2026-04-01T00:00:00Z")));
        more.add(new Packument.Version("1.9.0", PublishBody.JSON.readTree("{}"), null, "5".repeat(40), "02".repeat(64),
                at("2026-05-01T00:00:00Z"), at("2026-05-01T00:00:00Z")));
        assertThat(Packument.abbreviated(NAME, more, onlyBeta, BASE).get("dist-tags").get("latest").asString())
                .isEqualTo("1.10.0");
        assertThat(Packument.full(NAME, more, onlyBeta, "1-5-abc-9", BASE).get("dist-tags").get("latest").asString())
                .isEqualTo("1.10.0");
        // only pre-releases left: the highest of them
        List<Packument.Version> pre = List.of(versions().get(2));
        assertThat(Packument.withLatest(pre, Map.of())).containsEntry("latest", "2.0.0-beta.1");
        // a tag that is there stays where it is
        assertThat(Packument.withLatest(more, tags())).isEqualTo(tags());
    }
}

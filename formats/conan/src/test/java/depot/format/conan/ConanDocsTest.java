package depot.format.conan;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.testing.Golden;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The v1 and v2 answers compared byte for byte with golden files ({@link Golden}), built from a stored recipe with
 * two recipe revisions (one cut off before its manifest), two binaries and two package revisions.
 */
class ConanDocsTest {
    static final long T = Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli();
    static final String R1 = "13d5dd132b5341db209401d238602ac0";
    static final String R2 = "459357fe544847bee354b8198ab06009";
    static final String CUT = "ffffffffffffffffffffffffffffffff";
    static final String P1 = "4e8d97aca26e12a63ead9fc2a8fa0d78647207f5";
    static final String P2 = "8d6c6bc8dbab98e8572c8f26ebc8d389d4a924be";
    static final String BASE = "https://depot.example/api/v4/projects/7/packages/conan";
    private static long ids = 0;

    static PackageFile file(String name, long at, String rrev, String pid, String prev) {
        String meta = "{\"rrev\":\"" + rrev + "\"" + (pid == null ? "" : ",\"pid\":\"" + pid + "\",\"prev\":\"" + prev + "\"")
                + "}";
        long id = ++ids;
        return new PackageFile(id, 1, name, 100 + id, "a".repeat(64), String.format("%032x", id), "c".repeat(40),
                "d".repeat(128), meta, null, T + at * 1000);
    }

    static Recipe recipe() {
        ids = 0;
        Package pkg = new Package(1, 7, "conan", "tool", "tool@acme+cpp/stable", "2.1", depot.core.model.PackageStatus.DEFAULT,
                "{\"username\":\"acme+cpp\",\"channel\":\"stable\"}", 1L, null, T, T);
        List<PackageFile> files = new ArrayList<>();
        for (String f : List.of("conan_export.tgz", "conanfile.py", "conanmanifest.txt")) files.add(file(f, 1, R1, null, null));
        for (String f : List.of("conan_export.tgz", "conanfile.py", "conanmanifest.txt")) files.add(file(f, 5, R2, null, null));
        files.add(file("conan_export.tgz", 9, CUT, null, null));
        files.add(file("conanfile.py", 9, CUT, null, null));
        for (String f : List.of("conan_package.tgz", "conaninfo.txt", "conanmanifest.txt")) files.add(file(f, 6, R2, P1, "01"));
        for (String f : List.of("conan_package.tgz", "conaninfo.txt", "conanmanifest.txt")) files.add(file(f, 7, R2, P1, "02"));
        for (String f : List.of("conan_package.tgz", "conaninfo.txt", "conanmanifest.txt")) files.add(file(f, 8, R2, P2, "01"));
        files.add(file("conan_package.tgz", 10, R2, P2, "03"));
        return new Recipe(pkg, files);
    }

    static void same(String name, String actual) throws IOException {
        Golden.same(ConanDocsTest.class, name, actual);
    }

    @Test
    void v2_recipe_revisions_newest_first_without_the_one_cut_off() throws IOException {
        Recipe r = recipe();
        same("v2-recipe-revisions.json", ConanDocs.revisions("tool/2.1@acme+cpp/stable", r.recipeRevisions()));
        same("v2-latest.json", ConanDocs.revision(r.latestRecipeRevision().orElseThrow()));
        assertThat(r.hasRecipeRevision(CUT)).isFalse();
        assertThat(r.recipeFiles(CUT)).isEmpty();
    }

    @Test
    void v2_files_and_package_revisions() throws IOException {
        Recipe r = recipe();
        same("v2-recipe-files.json", ConanDocs.fileList(r.recipeFiles(R2).keySet()));
        assertThat(r.packageIds(R2)).containsExactly(P1, P2);
        assertThat(r.packageIds(R1)).isEmpty();
        same("v2-package-revisions.json", ConanDocs.revisions("tool/2.1@acme+cpp/stable#" + R2 + ":" + P1,
                r.packageRevisions(R2, P1)));
        // P2's revision 03 has no manifest yet: not listed, its files not served
        assertThat(r.packageRevisions(R2, P2)).extracting(Recipe.Revision::revision).containsExactly("01");
        assertThat(r.packageFiles(R2, P2, "03")).isEmpty();
        same("v2-package-files.json", ConanDocs.fileList(r.packageFiles(R2, P1, "02").keySet()));
    }

    @Test
    void v1_snapshot_and_urls() throws IOException {
        Recipe r = recipe();
        Map<String, String> md5 = new LinkedHashMap<>();
        r.recipeFiles(R2).forEach((name, s) -> md5.put(name, s.file().md5()));
        same("v1-recipe-snapshot.json", ConanDocs.fileMap(md5));
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : r.packageFiles(R2, P1, "02").keySet()) {
            urls.put(name, BASE + "/v1/files/tool/2.1/acme+cpp/stable/" + R2 + "/package/" + P1 + "/02/" + name);
        }
        same("v1-package-download-urls.json", ConanDocs.fileMap(urls));
    }

    @Test
    void searches_and_errors() throws IOException {
        same("search.json", ConanDocs.searchResults(List.of("tool/2.1@acme+cpp/stable", "hdr/1.0")));
        String info = "[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\nshared=False\n"
                + "[requires]\nhdr/1.0.Z\n";
        same("package-search.json", ConanDocs.packageSearch(List.of(
                new ConanDocs.Binary(P2, info.replace("Release", "Debug"), ConanFiles.conaninfo(info.replace("Release", "Debug"))),
                new ConanDocs.Binary(P1, info, ConanFiles.conaninfo(info)))));
        same("error.json", ConanDocs.error(404, "Recipe not found: 'nope/1.0'"));
    }

    @Test
    void times_are_iso_8601_with_an_offset() {
        assertThat(ConanDocs.time(T)).isEqualTo("2026-01-02T03:04:05.678+00:00");
    }
}

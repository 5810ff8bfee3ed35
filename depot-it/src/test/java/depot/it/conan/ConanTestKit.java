package depot.it.conan;

import depot.core.testing.Hostile;
import depot.format.conan.ConanFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.PermissionRows;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.ConanRequests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;

/** Conan in the tests every format shares. */
public final class ConanTestKit implements FormatTestKit {
    /** The recipe the authorization matrix publishes in each of its projects, with one binary of these revisions. */
    public static final String RECIPE = "creadable/1.0/_/_";
    public static final String RREV = "13d5dd132b5341db209401d238602ac0";
    public static final String PID = "4e8d97aca26e12a63ead9fc2a8fa0d78647207f5";
    public static final String PREV = "ca02f68fe7b9185b14cb868b6d895e62";
    private static final String SEED = "seed/1.0/_/_";
    private static final String CONANINFO = "[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\n"
            + "shared=False\n[requires]\nhdr/1.0.Z\n";

    /** The matrix's recipe as the instance remote finds it in the project of that visibility (its user names it). */
    public static String instanceRecipe(Vis vis) {
        return "creadable/1.0/matrix+" + vis.value() + "/stable";
    }

    @Override
    public String type() { return ConanFormat.TYPE; }

    @Override
    public void permissionRows(PermissionRows rows) { ConanPermissionRows.addTo(rows); }

    /** The recipe the hostile binaries belong to. */
    @Override
    public void seedHostileProject(HostileProject project) {
        ConanRequests.recipe(project.api(), project.packages() + "conan", SEED, RREV, "x = 1\n");
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        String remote = project.packages() + "conan";
        return List.of(
                Hostile.mutationsOf(ConanRequests.manifest("conanfile.py")).map(manifest -> HostileRequest.of(
                        "conanmanifest.txt", manifest, () -> ConanRequests.put(project.api(), ConanRequests.recipeFile(
                                remote, "hostile/1.0/_/_", RREV, "conanmanifest.txt"), manifest))),
                Hostile.mutationsOf(CONANINFO).map(info -> HostileRequest.of("conaninfo.txt", info,
                        () -> ConanRequests.put(project.api(),
                                ConanRequests.packageFile(remote, SEED, RREV, PID, "0", "conaninfo.txt"), info))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        Api api = project.api();
        String remote = project.packages() + "conan";
        return List.of(
                new HostileRequest("conan recipe name", () -> ConanRequests.put(api,
                        ConanRequests.recipeFile(remote, name + "/1.0/_/_", RREV, "conanfile.py"), new byte[] {'x'})),
                new HostileRequest("conan revision and file name", () -> ConanRequests.put(api,
                        ConanRequests.recipeFile(remote, SEED, name, name), new byte[] {'x'})),
                new HostileRequest("conan user and channel",
                        () -> api.get(remote + "/v2/conans/seed/1.0/" + name + "/" + name + "/latest")),
                new HostileRequest("conan search", () -> api.get(remote + "/v2/conans/search?q=" + name)));
    }

    /** A recipe revision: three files, the manifest last; visible only once it is whole. */
    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String remote = packages + "conan";
            String ref = "crash/1.0/_/_";
            String rrev = String.format("%032x", n);
            byte[] tgz = ConanRequests.tgz(Map.of("data.bin", HexFormat.of().formatHex(payload)));
            String export = ConanRequests.recipeFile(remote, ref, rrev, "conan_export.tgz");
            String revisions = remote + "/v2/conans/" + ref + "/revisions";
            return new CrashPublish("conan " + n, export, tgz, revisions, rrev, api -> {
                Api.Response res = ConanRequests.put(api, export, tgz);
                if (res.status() == 201) {
                    res = ConanRequests.put(api, ConanRequests.recipeFile(remote, ref, rrev, "conanfile.py"),
                            ("# " + n + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (res.status() == 201) {
                    res = ConanRequests.put(api, ConanRequests.recipeFile(remote, ref, rrev, "conanmanifest.txt"),
                            ConanRequests.manifest("conanfile.py"));
                }
                return res;
            });
        });
    }
}

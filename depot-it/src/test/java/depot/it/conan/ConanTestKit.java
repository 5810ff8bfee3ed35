package depot.it.conan;

import depot.core.testing.Hostile;
import depot.format.conan.ConanFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.ConanRequests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * In the project of each visibility: the recipe with a binary, the same at the instance remote's name, and a
     * recipe "only-<vis>" that only the project has (its user names the project, for the instance remote).
     */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            String remote = world.packages(vis) + "conan";
            for (String recipe : List.of(RECIPE, instanceRecipe(vis))) {
                ConanRequests.recipe(world.root(), remote, recipe, RREV, "name = \"creadable\"\n");
                ConanRequests.binary(world.root(), remote, recipe, RREV, PID, PREV);
            }
            ConanRequests.recipe(world.root(), remote, "only-" + vis.value() + "/1.0/matrix+" + vis.value() + "/stable",
                    RREV, "x = 1\n");
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> remote = vis -> world.packages(vis) + "conan";
        return List.of(
                new MatrixEndpoint("GET conan recipe latest", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(remote.apply(vis) + "/v2/conans/" + RECIPE + "/latest")),
                new MatrixEndpoint("GET conan recipe file", Kind.READ, Style.FORMAT, 200, (api, vis, u) -> api.get(
                        ConanRequests.recipeFile(remote.apply(vis), RECIPE, RREV, "conanfile.py"))),
                new MatrixEndpoint("GET conan package file", Kind.READ, Style.FORMAT, 200, (api, vis, u) -> api.get(
                        ConanRequests.packageFile(remote.apply(vis), RECIPE, RREV, PID, PREV, "conaninfo.txt"))),
                new MatrixEndpoint("GET conan v1 download urls", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(remote.apply(vis) + "/v1/conans/" + RECIPE + "/download_urls")),
                new MatrixEndpoint("PUT conan recipe file", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) ->
                        ConanRequests.put(api, ConanRequests.recipeFile(remote.apply(vis), "written/1.0/_/_", "r" + u,
                                "conanfile.py"), new byte[] {'x'})),
                new MatrixEndpoint("PUT conan package file", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) ->
                        ConanRequests.put(api, ConanRequests.packageFile(remote.apply(vis), RECIPE, RREV, "p" + u, "1",
                                "conaninfo.txt"), "[settings]\n".getBytes(StandardCharsets.UTF_8))),
                new MatrixEndpoint("POST conan v1 upload urls", Kind.WRITE, Style.FORMAT, 200, (api, vis, u) -> api.post(
                        remote.apply(vis) + "/v1/conans/written/1.0/_/_/upload_urls", Map.of("conanfile.py", 10))),
                new MatrixEndpoint("DELETE conan recipe revision", Kind.DELETE, Style.FORMAT, 200, (api, vis, u) -> {
                    ConanRequests.recipe(world.root(), remote.apply(vis), "deletable/1.0/_/_", "d" + u, "x = 1\n");
                    return api.delete(remote.apply(vis) + "/v2/conans/deletable/1.0/_/_/revisions/d" + u);
                }));
    }

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

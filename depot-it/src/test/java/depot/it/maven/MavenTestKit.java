package depot.it.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.maven.MavenFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.GroupRead;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;

/** Maven in the tests every format shares. */
public final class MavenTestKit implements FormatTestKit {
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
              <groupId>com.acme</groupId><artifactId>h</artifactId><version>1.0</version><name>H</name>
            </project>""";

    @Override
    public String type() { return MavenFormat.TYPE; }

    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            String maven = world.packages(vis) + "maven/";
            assertThat(world.root().putBytes(maven + "com/acme/readable/1.0/readable-1.0.jar", new byte[] {42}).status())
                    .isEqualTo(201);
            assertThat(world.root().putBytes(maven + onlyJar(vis), new byte[] {43}).status()).isEqualTo(201);
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        return List.of(
                new MatrixEndpoint("PUT maven file", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> api.putBytes(
                        world.packages(vis) + "maven/com/acme/written/1." + u + "/written-1." + u + ".jar",
                        new byte[] {1})),
                new MatrixEndpoint("GET maven file", Kind.READ, Style.FORMAT, 200, (api, vis, u) ->
                        api.get(world.packages(vis) + "maven/com/acme/readable/1.0/readable-1.0.jar")),
                new MatrixEndpoint("GET maven metadata", Kind.READ, Style.FORMAT, 200, (api, vis, u) ->
                        api.get(world.packages(vis) + "maven/com/acme/readable/maven-metadata.xml")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/maven/", MavenTestKit::onlyJar),
                new GroupRead("/api/v4/packages/maven/", MavenTestKit::onlyJar));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/maven/<path>";
        rows.matrixRow("GET " + project, "GET maven file, GET maven metadata");
        rows.matrixRow("PUT " + project, "PUT maven file");
        rows.packageRow("HEAD " + project, Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.head(rows.packages(vis) + "maven/com/acme/readable/1.0/readable-1.0.jar"));
        for (String scope : List.of("/api/v4/groups/{id}/-/packages/maven/", "/api/v4/packages/maven/")) {
            String base = scope.replace("{id}", "matrix");
            rows.matrixRow("GET " + scope + "<path>", "group_and_instance_endpoints_serve_only_readable_projects");
            rows.packageRow("HEAD " + scope + "<path>", Kind.READ, Style.FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.head(base + onlyJar(vis)));
        }
    }

    /** The jar the matrix publishes only in its project of that visibility. */
    private static String onlyJar(Vis vis) {
        String only = "only-" + vis.value();
        return "com/acme/" + only + "/1.0/" + only + "-1.0.jar";
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        return List.of(Hostile.mutationsOf(POM).map(pom -> HostileRequest.of("maven pom", pom,
                () -> project.api().putBytes(project.packages() + "maven/com/acme/h/1.0/h-1.0.pom", pom))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        return List.of(new HostileRequest("maven path", () -> project.api().putBytes(project.packages()
                + "maven/com/acme/" + name + "/1.0/" + name + "-1.0.jar", new byte[] {1})));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String jar = packages + "maven/com/acme/crash/1." + n + "/crash-1." + n + ".jar";
            return new CrashPublish("maven " + n, jar, payload, packages + "maven/com/acme/crash/maven-metadata.xml",
                    "<version>1." + n + "</version>", api -> api.putBytes(jar, payload));
        });
    }
}

package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.GoTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OCI distribution-spec conformance suite (built from its Go module at a pinned version) against Depot, with
 * every optional API it can test switched on: pull, push in every upload style, mounts, sha512 content, tag and
 * manifest deletion, upload cancel, tags given as push parameters and the referrers API. Only sparse manifests stay
 * off: Depot refuses a manifest whose blobs it does not hold, on purpose. Runs on SQLite and on PostgreSQL; the
 * reports land in target/oci-conformance/&lt;database&gt;.
 */
class OciConformanceTest {
    private static final Path REPORT = Path.of("target", "oci-conformance").toAbsolutePath();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void the_distribution_spec_conformance_suite_passes(Backend backend) throws Exception {
        Path suite = GoTools.conformance();
        try (TestServer server = new TestServer(backend)) {
            World world = new World(server);
            world.project(world.group("conformance", "private"), "oci", "private");
            Path report = Files.createDirectories(REPORT.resolve(backend.name().toLowerCase()));
            Map<String, String> env = new HashMap<>();
            env.put("OCI_REGISTRY", "127.0.0.1:" + server.port());
            env.put("OCI_TLS", "disabled");
            env.put("OCI_REPO1", "conformance/oci/repo1");
            env.put("OCI_REPO2", "conformance/oci/repo2");
            env.put("OCI_USERNAME", "root");
            env.put("OCI_PASSWORD", TestServer.ROOT_TOKEN);
            env.put("OCI_VERSION", "1.1");
            env.put("OCI_RESULTS_DIR", report.toString());
            env.put("OCI_API_BLOBS_UPLOAD_CANCEL", "true");
            env.put("OCI_API_MANIFESTS_TAG_PARAM", "true");
            env.put("OCI_API_BLOBS_DIGEST_HEADER", "true");
            env.put("OCI_API_MANIFESTS_DIGEST_HEADER", "true");
            env.put("OCI_DATA_SPARSE", "false");

            Tools.Result run = Tools.run(report, env, List.of(suite.toString()));
            String output = Files.readString(run.stdoutFile()) + run.stderr();
            Files.writeString(report.resolve("output.txt"), output);

            assertThat(count(output, "FAIL")).as(output).isZero();
            assertThat(count(output, "Total")).as("checks run").isGreaterThan(900);
            assertThat(run.exit()).as(output).isZero();
        }
    }

    /** A figure from the suite's summary, e.g. {@code FAIL....: 0}. */
    private static int count(String output, String label) {
        Matcher m = Pattern.compile("^\\s*" + label + "\\.+:\\s+(\\d+)", Pattern.MULTILINE).matcher(output);
        if (!m.find()) throw new AssertionError("no " + label + " line in the conformance output:\n" + output);
        return Integer.parseInt(m.group(1));
    }
}

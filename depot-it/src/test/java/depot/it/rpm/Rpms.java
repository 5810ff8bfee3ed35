package depot.it.rpm;

import depot.format.rpm.RpmWriter;
import depot.it.support.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** RPMs made in the tests (the module's {@link RpmWriter}) and their upload through the API. */
public final class Rpms {
    private Rpms() {}

    /** A noarch RPM {@code name-version-1} whose description carries {@code payload} (so its bytes differ). */
    public static byte[] simple(String name, String version, byte[] payload) {
        return RpmWriter.minimal(name, version, "1", "noarch")
                .string(1005, "payload " + java.util.HexFormat.of().formatHex(payload)).build();
    }

    /** The file name the repository gives {@link #simple}'s RPM. */
    public static String fileName(String name, String version) {
        return name + "-" + version + "-1.noarch.rpm";
    }

    /** {@code POST <url>} with the RPM as the body (GitLab's upload). */
    public static Api.Response post(Api api, String url, byte[] rpm) {
        return api.send(api.request(url).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(rpm)));
    }

    /** {@code PUT <packages>rpm/<file>}: {@code packages} is a project's {@code /api/v4/projects/:id/packages/}. */
    public static Api.Response upload(Api api, String packages, String file, byte[] rpm) {
        return api.putBytes(packages + "rpm/" + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20"), rpm);
    }
}

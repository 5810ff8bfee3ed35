package depot.it.rubygems;

import depot.it.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Gems built in Java as {@code gem build} lays them out (a tar of metadata.gz, data.tar.gz and checksums.yaml.gz),
 * for the tests that need many or hostile ones; the real-client tests build theirs with {@code gem build}.
 */
public final class Gems {
    private Gems() {}

    /** The YAML of a specification with one runtime dependency (or none). */
    public static String spec(String name, String version, String platform, String dependsOn) {
        String deps = dependsOn == null ? "dependencies: []\n" : """
                dependencies:
                - !ruby/object:Gem::Dependency
                  name: %s
                  requirement: &1 !ruby/object:Gem::Requirement
                    requirements:
                    - - ">="
                      - !ruby/object:Gem::Version
                        version: '0'
                  type: :runtime
                  prerelease: false
                  version_requirements: *1
                """.formatted(dependsOn);
        return """
                --- !ruby/object:Gem::Specification
                name: %s
                version: !ruby/object:Gem::Version
                  version: %s
                platform: %s
                authors:
                - Depot Tests
                date: 2026-01-01 00:00:00.000000000 Z
                %sdescription: A gem the tests built
                email: tests@example.com
                homepage: https://example.com/%s
                licenses:
                - MIT
                metadata: {}
                required_ruby_version: !ruby/object:Gem::Requirement
                  requirements:
                  - - ">="
                    - !ruby/object:Gem::Version
                      version: '0'
                required_rubygems_version: !ruby/object:Gem::Requirement
                  requirements:
                  - - ">="
                    - !ruby/object:Gem::Version
                      version: '0'
                rubygems_version: 3.3.15
                specification_version: 4
                summary: %s for the tests
                test_files: []
                """.formatted(name, version, platform, deps, name, name);
    }

    public static byte[] gem(String name, String version) {
        return gem(spec(name, version, "ruby", null));
    }

    /** A gem of this specification YAML, with one library file and its checksums. */
    public static byte[] gem(String specYaml) {
        return gem(specYaml, new byte[0]);
    }

    /** A gem with {@code payload} as a data file beside the library (the crash test's random bytes). */
    public static byte[] gem(String specYaml, byte[] payload) {
        byte[] metadata = gzip(specYaml.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("lib/depot_test.rb", "module DepotTest; end\n".getBytes(StandardCharsets.UTF_8));
        if (payload.length > 0) files.put("data/payload.bin", payload);
        byte[] data = gzip(tar(files));
        String checksums = "---\nSHA256:\n  metadata.gz: '" + sha256(metadata) + "'\n  data.tar.gz: '" + sha256(data) + "'\n";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.gz", metadata);
        entries.put("data.tar.gz", data);
        entries.put("checksums.yaml.gz", gzip(checksums.getBytes(StandardCharsets.UTF_8)));
        return tar(entries);
    }

    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code gem push}: the raw gem as the body of {@code POST …/api/v1/gems}. */
    public static Api.Response push(Api api, String rubygems, byte[] gem) {
        return api.send(api.request(rubygems + "/api/v1/gems").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gem)));
    }

    /** {@code gem yank}: a DELETE with a form body. */
    public static Api.Response yank(Api api, String rubygems, String name, String version) {
        String form = "gem_name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8);
        return api.send(api.request(rubygems + "/api/v1/gems/yank").header("Content-Type", "application/x-www-form-urlencoded")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(form)));
    }
}

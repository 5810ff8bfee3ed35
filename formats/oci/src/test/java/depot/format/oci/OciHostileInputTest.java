package depot.format.oci;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.testing.Hostile;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile image manifests, indexes and names: read or refused with a 4xx, nothing else. */
class OciHostileInputTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDoc.OCI_MANIFEST + "\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + DIGEST
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
            + DIGEST + "\",\"size\":3}],\"subject\":{\"mediaType\":\"" + ManifestDoc.OCI_MANIFEST + "\",\"digest\":\""
            + DIGEST + "\",\"size\":4},\"annotations\":{\"a\":\"b\"}}";
    private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestDoc.OCI_INDEX + "\","
            + "\"manifests\":[{\"mediaType\":\"" + ManifestDoc.OCI_MANIFEST + "\",\"digest\":\"" + DIGEST
            + "\",\"size\":5,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";

    @Provide
    Arbitrary<byte[]> manifests() { return Hostile.mutationsOf(MANIFEST); }

    @Provide
    Arbitrary<byte[]> indexes() { return Hostile.mutationsOf(INDEX); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 500)
    void manifests(@ForAll("manifests") byte[] body) {
        parsesOrRefuses(() -> ManifestDoc.parse(body, ManifestDoc.OCI_MANIFEST));
        parsesOrRefuses(() -> ManifestDoc.parse(body, null));
    }

    @Property(tries = 300)
    void indexes(@ForAll("indexes") byte[] body) {
        parsesOrRefuses(() -> ManifestDoc.parse(body, ManifestDoc.OCI_INDEX));
    }

    @Property(tries = 300)
    void names_tags_and_digests(@ForAll("names") String name) {
        parsesOrRefuses(() -> OciNames.validName(name) | OciNames.validTag(name) | OciNames.looksLikeDigest(name)
                | OciNames.supported(name));
    }
}

package depot.format.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.blob.FsBlobStore;
import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishBodyTest {
    @TempDir java.nio.file.Path dir;
    FsBlobStore blobs;

    @BeforeEach
    void setUp() throws Exception {
        blobs = new FsBlobStore(dir);
    }

    private static InputStream document(String before, byte[] tarball, String after) {
        String head = before + "\"_attachments\":{\"x-1.0.0.tgz\":{\"content_type\":\"application/octet-stream\","
                + "\"length\":" + tarball.length + ",\"data\":\"";
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream(Base64.getEncoder().encode(tarball)),
                new ByteArrayInputStream(("\"}}" + after + "}").getBytes(StandardCharsets.US_ASCII)))));
    }

    private int storedBlobs() throws Exception {
        List<String> seen = new ArrayList<>();
        blobs.forEach(b -> seen.add(b.sha256()));
        return seen.size();
    }

    @Test
    void decodes_an_attachment_larger_than_any_string_limit_straight_into_the_blob_store() throws Exception {
        byte[] tarball = new byte[20 << 20];
        new Random(7).nextBytes(tarball);

        PublishBody body = PublishBody.read(document("{\"name\":\"x\",", tarball,
                ",\"versions\":{\"1.0.0\":{\"name\":\"x\"}},\"dist-tags\":{\"latest\":\"1.0.0\"}"), blobs::put, 64 << 20);

        PublishBody.Attachment a = body.attachments().get("x-1.0.0.tgz");
        assertThat(a.blob().size()).isEqualTo(tarball.length);
        assertThat(a.declaredLength()).isEqualTo(tarball.length);
        assertThat(a.blob().sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(tarball)));
        assertThat(body.name()).isEqualTo("x");
        assertThat(body.versions().has("1.0.0")).isTrue();
        assertThat(body.distTags().get("latest").asString()).isEqualTo("1.0.0");
    }

    @Test
    void an_attachment_over_the_limit_is_too_large_and_leaves_no_blob() throws Exception {
        byte[] tarball = new byte[300_000];

        assertThatThrownBy(() -> PublishBody.read(document("{", tarball, ""), blobs::put, 100_000))
                .isInstanceOf(DepotException.TooLarge.class);
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void broken_base64_is_invalid_and_leaves_no_blob() throws Exception {
        String doc = "{\"_attachments\":{\"x-1.0.0.tgz\":{\"data\":\"" + "QUJD".repeat(50_000) + "!!!!\"}}}";

        assertThatThrownBy(() -> PublishBody.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.US_ASCII)),
                blobs::put, 1 << 20)).isInstanceOf(DepotException.Invalid.class);
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void a_body_that_is_not_json_or_not_an_object_is_invalid() {
        for (String doc : List.of("not json", "[1,2]", "{\"versions\": 3}", "{\"name\":\"x\"")) {
            assertThatThrownBy(() -> PublishBody.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                    blobs::put, 1 << 20)).as(doc).isInstanceOf(DepotException.Invalid.class);
        }
    }

    @Test
    void a_document_without_attachments_has_none() throws Exception {
        String doc = "{\"name\":\"x\",\"versions\":{\"1.0.0\":{\"deprecated\":\"old\"}}}";

        PublishBody body = PublishBody.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                blobs::put, 1 << 20);

        assertThat(body.attachments()).isEmpty();
        assertThat(body.versions().get("1.0.0").get("deprecated").asString()).isEqualTo("old");
    }
}

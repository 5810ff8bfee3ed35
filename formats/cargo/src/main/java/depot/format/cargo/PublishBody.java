package depot.format.cargo;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The body of {@code cargo publish}: a little-endian u32 length, the metadata JSON, another u32 length, the .crate.
 * The JSON is read whole but bounded (1 MiB, 200,000 tokens); the .crate is left in the stream for the blob store,
 * which must find exactly the declared length and nothing after it.
 */
final class PublishBody {
    static final int MAX_JSON = 1 << 20;
    private static final ObjectMapper JSON = depot.http.BoundedJson.mapper(200_000);

    private PublishBody() {}

    /** The metadata, read from {@code in}; after it {@code in} is at the .crate's length. */
    static JsonNode metadata(InputStream in) throws IOException {
        long length = u32(in, "the metadata length");
        if (length > MAX_JSON) throw new DepotException.Invalid("the publish metadata is larger than 1 MiB");
        byte[] json = in.readNBytes((int) length);
        if (json.length < length) throw new DepotException.Invalid("the publish body ends inside its metadata (the length prefix lies)");
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) throw new DepotException.Invalid("the publish metadata is not a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new DepotException.Invalid("the publish metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The .crate's declared length. */
    static long crateLength(InputStream in) throws IOException {
        return u32(in, "the .crate length");
    }

    private static long u32(InputStream in, String what) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) throw new DepotException.Invalid("the publish body ends before " + what);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    /** Exactly {@code length} bytes of {@code in}, then the end: a shorter body or trailing bytes are refused. */
    static InputStream exactly(InputStream in, long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    if (in.read() >= 0) throw new DepotException.Invalid("the publish body goes on after its .crate (the length prefix lies)");
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new DepotException.Invalid("the publish body ends inside its .crate (the length prefix lies)");
                left -= n;
                return n;
            }
        };
    }
}

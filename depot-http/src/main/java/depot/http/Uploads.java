package depot.http;

import depot.core.blob.Checksum;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.packages.PackageService;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Streams a request body into the blob store. A declared {@code Content-Length} over the limit is refused
 * before a byte is read (so {@code Expect: 100-continue} clients never send it); an undeclared one is cut off
 * at the limit. A body that ends early — the client went away — is an error, and nothing becomes visible.
 */
public final class Uploads {
    private Uploads() {}

    public static StoredBlob store(Context ctx, PackageService packages, long limit) throws IOException {
        return store(ctx, packages, limit, Set.of());
    }

    /** {@link #store(Context, PackageService, long)} computing the {@code wanted} checksums on the way. */
    public static StoredBlob store(Context ctx, PackageService packages, long limit, Set<Checksum> wanted)
            throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw new DepotException.TooLarge(limit);
        InputStream body = body(ctx);
        return packages.store(declared >= 0 ? new ExactLength(body, declared) : body, limit, wanted);
    }

    /** Fails at end of stream when fewer bytes arrived than the request declared. */
    private static final class ExactLength extends FilterInputStream {
        private final long expected;
        private long seen;

        ExactLength(InputStream in, long expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) seen += n;
            if (n < 0 && seen < expected) {
                throw new DepotException.Invalid("the upload was truncated: " + seen + " of " + expected + " bytes");
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** The raw request body; read errors (a client that disconnects) become "invalid" rather than I/O errors. */
    public static InputStream body(Context ctx) throws IOException {
        return new FilterInputStream(ctx.req().getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new DepotException.Invalid("the upload was interrupted: " + e.getMessage());
                }
            }

            @Override
            public int read() {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new DepotException.Invalid("the upload was interrupted: " + e.getMessage());
                }
            }
        };
    }
}

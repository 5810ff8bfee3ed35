package depot.http;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.packages.PackageService;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a request body into the blob store. A declared {@code Content-Length} over the limit is refused
 * before a byte is read (so {@code Expect: 100-continue} clients never send it); an undeclared one is cut off
 * at the limit. A body that ends early — the client went away — is an error, and nothing becomes visible.
 */
public final class Uploads {
    private Uploads() {}

    public static StoredBlob store(Context ctx, PackageService packages, long limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw new DepotException.TooLarge(limit);
        return packages.store(body(ctx), limit);
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

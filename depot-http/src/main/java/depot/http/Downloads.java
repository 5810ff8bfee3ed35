package depot.http;

import depot.core.blob.BlobSource;
import depot.core.error.DepotException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Streams a stored blob to the client with {@code ETag}, {@code HEAD} and single {@code Range} support
 * ({@code a-b}, {@code a-}, {@code -n}; 416 when unsatisfiable; several ranges answer 200 with everything; an
 * {@code If-Range} other than the file's ETag answers 200 with everything).
 * Local files go out zero-copy through {@link FileChannel#transferTo}. Nothing is held whole in memory.
 * Stored bytes never execute on Depot's origin: every download carries {@link StoredContent}'s headers, and a type a
 * browser would run (HTML, XML, SVG, scripts) goes out as an attachment.
 */
public final class Downloads {
    private static final long MAX_MAPPING = 64L << 20;
    private Downloads() {}

    public record Range(long start, long length) {}

    /**
     * A package file, counted as a download when it is a GET of the whole file (no Range, or one from byte 0 to the
     * end): a resumed or partial download, a HEAD or a revalidation is not another download.
     */
    public static void send(Context ctx, depot.core.packages.PackageReads reads, depot.core.model.PackageFile file,
                            String contentType, String fileName) throws IOException {
        if (ctx.method().name().equals("GET") && !HeadRequests.is(ctx) && wholeFile(ctx.header("Range"), file.size())
                && !IndexResponses.matches(ctx.header("If-None-Match"), "\"" + file.sha256() + "\"")) {
            reads.countDownload(file);
        }
        send(ctx, reads.content(), file.sha256(), file.size(), contentType, fileName);
    }

    /** No Range, or {@code bytes=0-} or {@code bytes=0-<last byte or beyond>}. */
    static boolean wholeFile(String range, long size) {
        if (range == null) return true;
        String r = range.replace(" ", "");
        if (!r.startsWith("bytes=0-") || r.indexOf(',') >= 0) return false;
        String end = r.substring("bytes=0-".length());
        if (end.isEmpty()) return true;
        if (end.length() > 18 || !end.chars().allMatch(Character::isDigit)) return false;
        return Long.parseLong(end) >= size - 1;
    }

    public static void send(Context ctx, BlobSource blobs, String sha256, long size, String contentType,
                            String fileName) throws IOException {
        String etag = "\"" + sha256 + "\"";
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Checksum-Sha256", sha256);
        StoredContent.protect(ctx);
        if (fileName != null) {
            ctx.header("Content-Disposition", StoredContent.attachment(fileName));
        } else if (StoredContent.active(contentType)) {
            ctx.header("Content-Disposition", "attachment");
        }
        ctx.contentType(contentType);
        // one tag, a list of them, or * (any stored file matches it)
        if (IndexResponses.matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        if (ctx.method().name().equals("GET") && !HeadRequests.is(ctx)) {
            // an object store configured for presigned downloads serves the bytes (and ranges) itself
            Optional<java.net.URI> direct = blobs.downloadUrl(sha256, fileName == null ? sha256 : fileName);
            if (direct.isPresent()) {
                ctx.header("Location", direct.get().toString());
                ctx.status(307);
                return;
            }
        }
        // a resumed download asks for the rest only if the file is still the one it began (If-Range with the ETag it
        // got); any other validator, a date included (downloads send no Last-Modified), gets the whole new file
        String ifRange = ctx.header("If-Range");
        Optional<Range> range = ifRange != null && !ifRange.trim().equals(etag)
                ? Optional.empty() : parse(ctx.header("Range"), size);
        if (range == null) {
            ctx.header("Content-Range", "bytes */" + size);
            ctx.status(416);
            return;
        }
        long start = range.map(Range::start).orElse(0L);
        long length = range.map(Range::length).orElse(size);
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + size);
        } else {
            ctx.status(200);
        }
        ctx.res().setContentLengthLong(length);
        if (HeadRequests.is(ctx)) return;
        OutputStream out = ctx.res().getOutputStream();
        if (length <= MAX_MAPPING && out instanceof HttpOutput jetty) {
            // a mapped file goes from the page cache to the socket without passing through the heap; the store
            // keeps recent mappings for the next download; sendContent completes the response
            Optional<ByteBuffer> mapped = blobs.mapped(sha256);
            if (mapped.isPresent() && mapped.get().capacity() == size) {
                ByteBuffer view = mapped.get();
                view.position((int) start).limit((int) (start + length));
                jetty.sendContent(view);
                return;
            }
        }
        Optional<Path> local = blobs.localFile(sha256);
        if (local.isPresent()) {
            try (FileChannel in = FileChannel.open(local.get(), StandardOpenOption.READ)) {
                WritableByteChannel target = Channels.newChannel(out);
                long pos = start;
                long end = start + length;
                while (pos < end) {
                    long n = in.transferTo(pos, end - pos, target);
                    if (n <= 0) break;
                    pos += n;
                }
            }
        } else {
            try (InputStream in = blobs.open(sha256, start, length)
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"))) {
                in.transferTo(out);
            }
        }
        out.flush();
    }

    /**
     * The range asked for: empty for none (or several, which get the whole file), null when unsatisfiable.
     */
    static Optional<Range> parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=")) return Optional.empty();
        String spec = header.substring(6).trim();
        if (spec.contains(",")) return Optional.empty();
        int dash = spec.indexOf('-');
        if (dash < 0) return Optional.empty();
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) return null;
                n = Math.min(n, size);
                return Optional.of(new Range(size - n, n));
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (start >= size || end < start) return null;
            return Optional.of(new Range(start, end - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

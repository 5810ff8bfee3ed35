package depot.http;

import depot.core.model.ChangeStamp;
import depot.core.db.Packages;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one way an index document a client polls goes out (maven-metadata.xml, npm packuments, PyPI simple pages, …):
 * {@code ETag} and {@code Last-Modified} from the change stamp of the rows it is rendered from, {@code 304} for a
 * matching {@code If-None-Match}, and the rendered bytes cached by that stamp, so an unchanged index is neither
 * queried in full nor rendered again. Thread-safe; one per format.
 */
public final class IndexResponses {
    /** RFC 9110's IMF-fixdate: a two-digit day, always GMT (Java's RFC_1123 formatter writes "6 Dec"). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private final RenderCache cache;

    /** {@code maxCacheBytes}: the rendered documents kept (least recently used go first; 0 keeps none). */
    public IndexResponses(long maxCacheBytes) {
        this.cache = new RenderCache(maxCacheBytes);
    }

    /** What an index depends on: a stamp that changes whenever its rows do, and when they last changed. */
    public record Stamp(String hex, long updatedAt) {
        /** The stamp of an index rendered from several projects' rows (a group or instance endpoint). */
        public static Stamp of(List<ChangeStamp> stamps) {
            StringBuilder all = new StringBuilder();
            stamps.stream().sorted(Comparator.comparingLong(ChangeStamp::projectId))
                    .forEach(s -> all.append(s.projectId()).append(':').append(s.hex()).append(','));
            return new Stamp(digest(all.toString()), stamps.stream().mapToLong(ChangeStamp::updatedAt).max().orElse(0));
        }

        public static Stamp of(ChangeStamp stamp) {
            return new Stamp(stamp.hex(), stamp.updatedAt());
        }
    }

    /**
     * Answers with the index: {@code key} names everything besides the rows that the bytes depend on (the document,
     * the request's mount URL, an {@code Accept} variant); {@code render} runs only when no cached rendering of this
     * stamp exists.
     */
    public void send(Context ctx, String key, Stamp stamp, String contentType, Supplier<byte[]> render) {
        String etag = "\"" + stamp.hex() + "-" + digest(key) + "\"";
        ctx.header("ETag", etag);
        if (stamp.updatedAt() > 0) ctx.header("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(stamp.updatedAt())));
        ctx.contentType(contentType);
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.result(cache.get(key, stamp.hex(), render));
    }

    /**
     * As {@link #send}, for a document clients keep and bring up to date by asking for what follows the copy they
     * have (RubyGems' compact index, as bundler reads it): the {@code ETag} is the quoted MD5 of the whole body,
     * which the client checks after appending a range, {@code Repr-Digest} says the same (RFC 9530), and a single
     * {@code Range} is answered with {@code 206}, or {@code 416} past the end.
     */
    public void sendAppendable(Context ctx, String key, Stamp stamp, String contentType, Supplier<byte[]> render) {
        RenderCache.Entry doc = cache.get(key, stamp.hex(), render, IndexResponses::md5);
        byte[] body = doc.body();
        ctx.header("ETag", "\"" + doc.tag() + "\"");
        ctx.header("Repr-Digest", "md5=:" + java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(doc.tag())) + ":");
        ctx.header("Accept-Ranges", "bytes");
        if (stamp.updatedAt() > 0) ctx.header("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(stamp.updatedAt())));
        ctx.contentType(contentType);
        if (matches(ctx.header("If-None-Match"), "\"" + doc.tag() + "\"")) {
            ctx.status(304);
            return;
        }
        java.util.Optional<Downloads.Range> range = Downloads.parse(ctx.header("Range"), body.length);
        if (range == null) {
            ctx.status(416).header("Content-Range", "bytes */" + body.length);
            return;
        }
        if (range.isEmpty()) {
            ctx.result(body);
            return;
        }
        int start = (int) range.get().start();
        int end = start + (int) range.get().length();
        ctx.status(206).header("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + body.length);
        ctx.result(java.util.Arrays.copyOfRange(body, start, end));
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code If-None-Match}: one tag, a list, or {@code *}; weak tags compare by their value. */
    static boolean matches(String header, String etag) {
        if (header == null) return false;
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) c = c.substring(2);
            if (c.equals("*") || c.equals(etag)) return true;
        }
        return false;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

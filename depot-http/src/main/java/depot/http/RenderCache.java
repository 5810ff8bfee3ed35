package depot.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered index documents, least recently used first out, bounded by their total size. An entry is valid while the
 * stamp of the rows it was rendered from is unchanged; a changed stamp renders again. Thread-safe; two threads that
 * miss at once both render, which is cheaper than making one wait.
 */
final class RenderCache {
    /** A rendering and, for documents whose tag is derived from their bytes, that tag (else null). */
    record Entry(String stamp, byte[] body, String tag) {}

    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RenderCache(long maxBytes) { this.maxBytes = maxBytes; }

    byte[] get(String key, String stamp, Supplier<byte[]> render) {
        return get(key, stamp, render, body -> null).body();
    }

    /** As {@link #get(String, String, Supplier)}, with {@code tag} of the bytes computed once per rendering. */
    Entry get(String key, String stamp, Supplier<byte[]> render, java.util.function.Function<byte[], String> tag) {
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null && e.stamp().equals(stamp)) return e;
        }
        byte[] body = render.get();
        Entry fresh = new Entry(stamp, body, tag.apply(body));
        if (body.length > maxBytes / 4) return fresh;
        synchronized (this) {
            Entry old = entries.put(key, fresh);
            bytes += body.length - (old == null ? 0 : old.body().length);
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                bytes -= it.next().getValue().body().length;
                it.remove();
            }
        }
        return fresh;
    }
}

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
    private record Entry(String stamp, byte[] body) {}

    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RenderCache(long maxBytes) { this.maxBytes = maxBytes; }

    byte[] get(String key, String stamp, Supplier<byte[]> render) {
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null && e.stamp().equals(stamp)) return e.body();
        }
        byte[] body = render.get();
        if (body.length > maxBytes / 4) return body;
        synchronized (this) {
            Entry old = entries.put(key, new Entry(stamp, body));
            bytes += body.length - (old == null ? 0 : old.body().length);
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                bytes -= it.next().getValue().body().length;
                it.remove();
            }
        }
        return body;
    }
}

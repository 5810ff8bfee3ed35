package depot.format.rubygems;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ruby's Marshal format 4.8, written (never read): what the full index ({@code specs.4.8.gz}, the quick gemspecs) and
 * the legacy dependency API hand to RubyGems. It writes as Ruby's own {@code Marshal.dump} does: symbols once, then
 * by reference; an object written twice (the same Java object) as a link to the first, counted as Ruby counts them
 * (every object but nil, booleans, small integers and symbols); strings as UTF-8 with their {@code E} ivar.
 *
 * <p>Values: {@code null}, {@link Boolean}, {@link Integer}/{@link Long} (within Ruby's 31-bit Fixnum of the format),
 * {@link String}, {@link Sym}, {@link List}, {@link Map} (insertion order), {@link UserMarshal} (a class with
 * {@code marshal_dump}: Gem::Version, Gem::Requirement), {@link UserDump} (a class with {@code _dump}:
 * Gem::Specification), {@link RObject} (a plain object with instance variables).
 */
final class RubyMarshal {
    /** A Ruby symbol. */
    record Sym(String name) {}

    /** {@code U}: an instance of {@code className} whose {@code marshal_load} receives {@code data}. */
    record UserMarshal(String className, Object data) {}

    /**
     * {@code u}: an instance of {@code className} whose {@code _load} receives the bytes (binary, no encoding), with
     * the instance variables its {@code _dump} set on them (Time's {@code zone}).
     */
    record UserDump(String className, byte[] bytes, Map<String, Object> ivars) {
        UserDump(String className, byte[] bytes) { this(className, bytes, Map.of()); }
    }

    /** A US-ASCII string ({@code E} false), as Ruby's own literals of that encoding are written. */
    record Ascii(String value) {}

    /** {@code o}: an instance of {@code className} with these instance variables (names with their {@code @}). */
    record RObject(String className, Map<String, Object> ivars) {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> symbols = new HashMap<>();
    private final Map<Object, Integer> objects = new IdentityHashMap<>();

    private RubyMarshal() {}

    static byte[] dump(Object value) {
        RubyMarshal m = new RubyMarshal();
        m.out.write(4);
        m.out.write(8);
        m.value(value);
        return m.out.toByteArray();
    }

    private void value(Object v) {
        if (v == null) {
            out.write('0');
            return;
        }
        if (v instanceof Boolean b) {
            out.write(b ? 'T' : 'F');
            return;
        }
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n < -(1L << 30) || n >= (1L << 30)) throw new IllegalArgumentException("integer out of Fixnum range: " + n);
            out.write('i');
            integer(n);
            return;
        }
        if (v instanceof Sym s) {
            symbol(s.name());
            return;
        }
        Integer link = objects.get(v);
        if (link != null) {
            out.write('@');
            integer(link);
            return;
        }
        if (v instanceof UserDump u) {
            // Ruby registers a _dump object after writing it (and its instance variables)
            if (!u.ivars().isEmpty()) out.write('I');
            out.write('u');
            symbol(u.className());
            bytes(u.bytes());
            if (!u.ivars().isEmpty()) ivars(u.ivars());
            register(v);
            return;
        }
        register(v);
        if (v instanceof String s) {
            out.write('I');
            out.write('"');
            bytes(s.getBytes(StandardCharsets.UTF_8));
            integer(1);
            symbol("E");
            out.write('T');
        } else if (v instanceof Ascii a) {
            out.write('I');
            out.write('"');
            bytes(a.value().getBytes(StandardCharsets.US_ASCII));
            integer(1);
            symbol("E");
            out.write('F');
        } else if (v instanceof List<?> list) {
            out.write('[');
            integer(list.size());
            list.forEach(this::value);
        } else if (v instanceof Map<?, ?> map) {
            out.write('{');
            integer(map.size());
            map.forEach((k, x) -> {
                value(k);
                value(x);
            });
        } else if (v instanceof UserMarshal u) {
            out.write('U');
            symbol(u.className());
            value(u.data());
        } else if (v instanceof RObject o) {
            out.write('o');
            symbol(o.className());
            ivars(o.ivars());
        } else {
            throw new IllegalArgumentException("no Marshal form for " + v.getClass());
        }
    }

    /** The count, then each name and value. */
    private void ivars(Map<String, Object> ivars) {
        integer(ivars.size());
        ivars.forEach((k, x) -> {
            symbol(k);
            value(x);
        });
    }

    private void register(Object v) {
        objects.put(v, objects.size());
    }

    private void symbol(String name) {
        Integer index = symbols.get(name);
        if (index != null) {
            out.write(';');
            integer(index);
            return;
        }
        symbols.put(name, symbols.size());
        out.write(':');
        bytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        integer(b.length);
        out.writeBytes(b);
    }

    /** Marshal's variable-length integer (w_long). */
    private void integer(long n) {
        if (n == 0) {
            out.write(0);
        } else if (n > 0 && n < 123) {
            out.write((int) n + 5);
        } else if (n < 0 && n > -124) {
            out.write((int) (n - 5) & 0xff);
        } else {
            byte[] buf = new byte[4];
            int i = 0;
            long x = n;
            do {
                buf[i++] = (byte) (x & 0xff);
                x >>= 8;
            } while (i < 4 && x != 0 && x != -1);
            out.write(n < 0 ? -i & 0xff : i);
            out.write(buf, 0, i);
        }
    }
}

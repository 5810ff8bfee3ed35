package depot.core.testing;

import depot.core.error.DepotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Hostile input for the parsers' property tests: mutations of a valid document (flipped and cut bytes, inserted
 * entity bombs, deep nesting, huge fields, invalid UTF-8, traversal in names), archives with traversal names and
 * bombs, and the one contract every parser keeps: it returns, or refuses with a {@link DepotException} (a 4xx) —
 * never another exception, never longer than a few seconds.
 */
public final class Hostile {
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-input");
        t.setDaemon(true);
        return t;
    });
    /** Inputs tried so far in this JVM. */
    public static final AtomicLong TRIED = new AtomicLong();

    private Hostile() {}

    /** Text an attacker would put into any field. */
    public static final List<String> SNIPPETS = List.of(
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
            "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>",
            "[".repeat(20_000), "{\"a\":".repeat(5_000), "<a>".repeat(20_000),
            "../../../../etc/passwd", "..\\..\\windows\\system32", "/absolute/path", "a/../../b", "%2e%2e%2f", "\u0000",
            "a".repeat(300_000), "\uFEFF", "\u202Etxt.exe", "😀", "-1", "99999999999999999999999", "1e999999", "NaN",
            "\"", "'", "<", "&", "\r\n\r\n", "$(rm -rf /)", "{{7*7}}", "<script>alert(1)</script>");

    private static final byte[][] BAD_BYTES = {
            {(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};

    /** Mutations of a valid document: each applies one to three edits. */
    public static Arbitrary<byte[]> mutationsOf(byte[] seed) {
        Arbitrary<Edit> edit = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, seed.length), Arbitraries.of(SNIPPETS))
                        .as((at, s) -> (Edit) b -> insert(b, at, s.getBytes(StandardCharsets.UTF_8))),
                Combinators.combine(Arbitraries.integers().between(0, seed.length), Arbitraries.of(BAD_BYTES))
                        .as((at, s) -> (Edit) b -> insert(b, at, s)),
                Arbitraries.integers().between(0, Math.max(0, seed.length - 1)).map(at -> (Edit) b -> flip(b, at)),
                Arbitraries.integers().between(0, seed.length).map(at -> (Edit) b -> cut(b, at)),
                Arbitraries.integers().between(0, seed.length).map(at -> (Edit) b -> insert(b, at, b)));
        return edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> {
            byte[] b = seed;
            for (Edit e : edits) b = e.apply(b);
            return b;
        });
    }

    /** Text documents: a mutation of the seed, or one snippet where a value of the seed was. */
    public static Arbitrary<byte[]> mutationsOf(String seed) {
        return mutationsOf(seed.getBytes(StandardCharsets.UTF_8));
    }

    /** Names for files and packages, hostile ones first. */
    public static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of(SNIPPETS), Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("./\\%:aZ09-_ ").ofMaxLength(40));
    }

    @FunctionalInterface
    private interface Edit {
        byte[] apply(byte[] b);
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        int i = Math.min(at, b.length);
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, i);
        System.arraycopy(what, 0, out, i, what.length);
        System.arraycopy(b, i, out, i + what.length, b.length - i);
        return out;
    }

    private static byte[] flip(byte[] b, int at) {
        if (b.length == 0) return b;
        byte[] out = b.clone();
        out[Math.min(at, b.length - 1)] ^= (byte) 0x5A;
        return out;
    }

    private static byte[] cut(byte[] b, int at) {
        return java.util.Arrays.copyOf(b, Math.min(at, b.length));
    }

    /** A zip of the entries, in order (names taken as given: traversal and duplicates included). */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzipped tar of the entries. */
    public static byte[] tgz(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code size} zero bytes: a few hundred KiB compressed, far more than any metadata file may inflate to. */
    public static byte[] zeros(int size) {
        return new byte[size];
    }

    /** Gzip of {@code size} zeros: a decompression bomb on its own. */
    public static byte[] gzipBomb(int size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] block = new byte[1 << 16];
            for (int i = 0; i < size; i += block.length) gz.write(block, 0, Math.min(block.length, size - i));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Runs a parse: it may return or throw a {@link DepotException}; any other exception or error, or taking more
     * than 10 seconds, fails the test. Returns the result, or null when refused.
     */
    public static <T> T parsesOrRefuses(Callable<T> parse) {
        TRIED.incrementAndGet();
        Future<T> f = RUNNER.submit(parse);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("the parser ran for more than 10 seconds (a hang)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DepotException) return null;
            throw new AssertionError("the parser failed with " + e.getCause() + " instead of a clear refusal", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The entries of a hostile archive: traversal names and a bomb next to {@code seed}'s entries. */
    public static List<Map<String, byte[]>> hostileArchives(Map<String, byte[]> seed, String metadataName) {
        List<Map<String, byte[]>> out = new ArrayList<>();
        for (String evil : List.of("../" + metadataName, "/" + metadataName, "a/../../" + metadataName,
                "..\\" + metadataName, metadataName + "\u0000.txt")) {
            Map<String, byte[]> m = new java.util.LinkedHashMap<>(seed);
            m.put(evil, seed.getOrDefault(metadataName, new byte[0]));
            out.add(m);
        }
        Map<String, byte[]> bomb = new java.util.LinkedHashMap<>();
        bomb.put(metadataName, zeros(64 << 20));
        out.add(bomb);
        Map<String, byte[]> deep = new java.util.LinkedHashMap<>(seed);
        deep.put("d/".repeat(2000) + metadataName, new byte[] {1});
        out.add(deep);
        return out;
    }
}

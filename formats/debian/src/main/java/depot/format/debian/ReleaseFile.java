package depot.format.debian;

import depot.http.OpenPgpKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A distribution's {@code Release} file, laid out as apt-ftparchive writes it: its fields sorted by name, then one
 * section per hash ({@code MD5Sum}, {@code SHA1}, {@code SHA256}, {@code SHA512}) listing every index file with its
 * size, paths sorted as bytes. The signed forms ({@code InRelease}, {@code Release.gpg}) are {@link OpenPgpKey}'s.
 */
final class ReleaseFile {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One index file under the distribution ({@code main/binary-amd64/Packages.gz}), with its hashes in hex. */
    record Index(String path, long size, String md5, String sha1, String sha256, String sha512) {}

    private ReleaseFile() {}

    /**
     * {@code fields} are the distribution's (Origin, Label, Suite, Version, Codename, Architectures, Components,
     * Description, Acquire-By-Hash …; blank ones are left out); {@code date} and {@code validUntil} (or null) are
     * written in the Release file's date format.
     */
    static byte[] render(Map<String, String> fields, Instant date, Instant validUntil, List<Index> files) {
        Map<String, String> all = new TreeMap<>(fields);
        all.put("Date", DATE.format(date));
        if (validUntil != null) all.put("Valid-Until", DATE.format(validUntil));
        StringBuilder b = new StringBuilder();
        all.forEach((name, value) -> {
            if (value != null && !value.isBlank()) b.append(name).append(": ").append(value).append('\n');
        });
        List<Index> sorted = new ArrayList<>(files);
        sorted.sort((x, y) -> Arrays.compareUnsigned(x.path().getBytes(StandardCharsets.UTF_8), y.path().getBytes(StandardCharsets.UTF_8)));
        section(b, "MD5Sum", sorted, Index::md5);
        section(b, "SHA1", sorted, Index::sha1);
        section(b, "SHA256", sorted, Index::sha256);
        section(b, "SHA512", sorted, Index::sha512);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void section(StringBuilder b, String name, List<Index> files, java.util.function.Function<Index, String> hash) {
        b.append(name).append(":\n");
        for (Index f : files) b.append(String.format(Locale.ROOT, " %s %16d %s\n", hash.apply(f), f.size(), f.path()));
    }
}

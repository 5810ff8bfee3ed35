package depot.format.rubygems;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a .gem as RubyGems builds it: a plain tar of {@code metadata.gz} (the gemspec as YAML), {@code data.tar.gz}
 * and, since RubyGems 2, {@code checksums.yaml.gz}, each checked against the last when it is there. Bounded before
 * anything is kept: at most {@value #MAX_ENTRIES} entries, a metadata.gz of at most 1 MiB that inflates to at most
 * 4 MiB; data.tar.gz is only hashed as it streams past.
 */
final class GemFile {
    static final int MAX_ENTRIES = 16;
    static final int MAX_METADATA_GZ = 1 << 20;
    static final int MAX_METADATA_YAML = 4 << 20;
    private static final int MAX_CHECKSUMS = 64 << 10;
    private static final Pattern SHA256_LINE = Pattern.compile("\\s+([A-Za-z0-9_.]+\\.gz):\\s*['\"]?([0-9a-f]{64})['\"]?\\s*");

    private GemFile() {}

    /** The specification inside the gem; 400 for anything that is not a well-formed gem. */
    static GemSpec read(InputStream in) throws IOException {
        String yaml = null;
        Map<String, String> sha256 = new HashMap<>();
        String checksums = null;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) throw invalid("the gem has more than " + MAX_ENTRIES + " entries");
                switch (e.getName()) {
                    case "metadata.gz" -> {
                        if (e.getSize() > MAX_METADATA_GZ) throw invalid("metadata.gz is larger than 1 MiB");
                        byte[] gz = tar.readNBytes(MAX_METADATA_GZ + 1);
                        sha256.put("metadata.gz", hex(sha256().digest(gz)));
                        yaml = new String(gunzip(gz, MAX_METADATA_YAML, "metadata.gz"), StandardCharsets.UTF_8);
                    }
                    case "data.tar.gz" -> {
                        MessageDigest d = sha256();
                        new DigestInputStream(tar, d).transferTo(java.io.OutputStream.nullOutputStream());
                        sha256.put("data.tar.gz", hex(d.digest()));
                    }
                    case "checksums.yaml.gz" -> {
                        if (e.getSize() > MAX_CHECKSUMS) throw invalid("checksums.yaml.gz is too large");
                        checksums = new String(gunzip(tar.readNBytes(MAX_CHECKSUMS), MAX_CHECKSUMS, "checksums.yaml.gz"),
                                StandardCharsets.UTF_8);
                    }
                    case "metadata.gz.sig", "data.tar.gz.sig", "checksums.yaml.gz.sig" -> { }
                    default -> throw invalid("package content is not a gem: it holds an unexpected entry "
                            + e.getName().replaceAll("[^\\x20-\\x7e]", "?"));
                }
            }
        } catch (IllegalArgumentException | ZipException e) {
            throw invalid("package content is not a gem (not a tar of metadata.gz and data.tar.gz)");
        } catch (IOException e) {
            if (e.getCause() instanceof DepotException de) throw de;
            throw invalid("package content is not a gem: " + e.getMessage());
        }
        if (yaml == null) throw invalid("package content is not a gem: it has no metadata.gz");
        if (!sha256.containsKey("data.tar.gz")) throw invalid("package content is not a gem: it has no data.tar.gz");
        if (checksums != null) verify(checksums, sha256);
        return GemSpec.parse(yaml);
    }

    /** checksums.yaml names a SHA256 for metadata.gz and data.tar.gz; a mismatch is a damaged gem. */
    private static void verify(String checksums, Map<String, String> actual) {
        boolean inSha256 = false;
        for (String line : checksums.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inSha256 = line.trim().equals("SHA256:");
                continue;
            }
            Matcher m = SHA256_LINE.matcher(line);
            if (!inSha256 || !m.matches()) continue;
            String have = actual.get(m.group(1));
            if (have != null && !have.equals(m.group(2))) {
                throw invalid("the gem is damaged: the SHA256 of " + m.group(1) + " does not match checksums.yaml.gz");
            }
        }
    }

    private static byte[] gunzip(byte[] gz, int max, String what) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            byte[] out = in.readNBytes(max + 1);
            if (out.length > max) throw invalid(what + " inflates to more than " + (max >> 20) + " MiB");
            return out;
        } catch (java.io.EOFException | ZipException e) {
            throw invalid(what + " is not gzip");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    private static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}

package depot.core.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether a Flyway history table already records every versioned script of a class path location, applied
 * successfully and with the checksum the script has now. Then there is nothing to migrate and nothing Flyway's
 * validation would refuse, and a restart skips Flyway (configuring and running it costs ~0.2 s of a ~1 s start).
 * Anything else — a new, failed, changed, missing or repeatable script, an unknown layout, a missing table, a
 * checksum rule of a later Flyway — answers false, and Flyway migrates and validates as always. Stateless.
 */
final class SchemaHistory {
    /** The only scripts the fast path understands: {@code V<digits>__<description>.sql}. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private SchemaHistory() {}

    static boolean upToDate(DataSource ds, java.util.List<String> locations, String table) {
        Map<String, Integer> scripts = new HashMap<>();
        for (String location : locations) {
            Map<String, Integer> found = scripts(location);
            if (found == null) return false;
            for (var e : found.entrySet()) {
                if (scripts.put(e.getKey(), e.getValue()) != null) return false;   // one name in two folders
            }
        }
        if (scripts.isEmpty()) return false;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script, checksum, success, type FROM " + table)) {
            Map<String, Integer> applied = new HashMap<>();
            while (rs.next()) {
                String type = rs.getString(5);
                if ("BASELINE".equals(type) || "SCHEMA".equals(type)) continue;
                boolean success = rs.getBoolean(4);
                int checksum = rs.getInt(3);
                if (!success || rs.wasNull() || !"SQL".equals(type)) return false;
                Matcher m = VERSIONED.matcher(rs.getString(2));
                if (!m.matches() || !m.group(1).equals(rs.getString(1))) return false;
                applied.put(rs.getString(2), checksum);
            }
            return applied.equals(scripts);
        } catch (SQLException e) {
            return false; // no history yet, or another layout: Flyway decides
        }
    }

    /** Script file name to Flyway's checksum; null when the location holds something the fast path does not know. */
    static Map<String, Integer> scripts(String location) {
        String folder = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        Map<String, Integer> scripts = new HashMap<>();
        try {
            var urls = SchemaHistory.class.getClassLoader().getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                for (String name : names(url, folder)) {
                    if (!VERSIONED.matcher(name).matches()) return null;
                    // names are unique across class path entries (a duplicate is refused below, as Flyway would)
                    try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(folder + "/" + name)) {
                        if (in == null || scripts.put(name, checksum(in)) != null) return null;
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            return null;
        }
        return scripts;
    }

    static java.util.List<String> names(URL url, String folder) throws IOException, URISyntaxException {
        if (url.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                return files.map(p -> p.getFileName().toString()).toList();
            }
        }
        if (url.getProtocol().equals("jar")) {
            JarURLConnection jar = (JarURLConnection) url.openConnection();
            String key = jar.getJarFileURL().toString();
            Map<String, java.util.List<String>> folders = JAR_FOLDERS.get(key);
            if (folders == null) {
                folders = folders(jar.getJarFile());
                JAR_FOLDERS.put(key, folders);
            }
            String name = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
            return folders.getOrDefault(name, java.util.List.of());
        }
        throw new IOException("unknown class path entry " + url);
    }

    /**
     * Per jar, the files of each folder under {@code db/}, listed in one pass over the jar's ~30,000 entries for every
     * location (a pass per location cost ~30 ms each of a start). A location elsewhere lists nothing here, and an
     * empty location sends the start to Flyway.
     */
    private static final Map<String, Map<String, java.util.List<String>>> JAR_FOLDERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, java.util.List<String>> folders(java.util.jar.JarFile jar) {
        Map<String, java.util.List<String>> folders = new HashMap<>();
        var entries = jar.entries();
        while (entries.hasMoreElements()) {
            String n = entries.nextElement().getName();
            int slash = n.lastIndexOf('/');
            if (!n.startsWith("db/") || slash == n.length() - 1) continue;
            folders.computeIfAbsent(n.substring(0, slash), f -> new java.util.ArrayList<>()).add(n.substring(slash + 1));
        }
        return folders;
    }

    /**
     * Flyway's checksum of a SQL script: CRC-32 over its lines as UTF-8, without line breaks or a leading byte order
     * mark. A script whose sum differs from the history's (also when Flyway's rule changes) sends the start to Flyway.
     */
    static int checksum(InputStream in) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) line = line.substring(1);
            for (; line != null; line = reader.readLine()) crc.update(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }
}

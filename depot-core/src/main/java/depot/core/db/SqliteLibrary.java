package depot.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc copies its native library out of the jar into the temp directory on every start and lists that
 * directory for stale copies (~0.1 s of a ~1 s restart here). Given a directory that outlives the process (the
 * launcher names the jar's own), the library is copied there once per driver version and platform and loaded from
 * there. Without one, the driver does as it always did. Call before the first SQLite connection.
 */
final class SqliteLibrary {
    /** Set by the launcher: where files derived from this jar may be kept (its class-data archive lives there too). */
    static final String CACHE_DIR = "depot.cache_dir";

    private SqliteLibrary() {}

    static void useCachedCopy() {
        String dir = System.getProperty(CACHE_DIR);
        if (dir == null || System.getProperty("org.sqlite.lib.path") != null) return;
        try {
            Path cache = Path.of(dir);
            // not named "sqlite-<version>…": the driver deletes such files that hold no lock when it starts
            String name = "lib" + LibraryLoaderUtil.NATIVE_LIB_BASE_NAME + "-" + SQLiteJDBCLoader.getVersion() + "-"
                    + System.getProperty("os.name").replace(' ', '_') + "-" + System.getProperty("os.arch") + "-"
                    + LibraryLoaderUtil.getNativeLibName();
            Path lib = cache.resolve(name);
            if (!Files.isRegularFile(lib) && !extract(lib)) return;
            System.setProperty("org.sqlite.lib.path", cache.toString());
            System.setProperty("org.sqlite.lib.name", name);
            System.setProperty("org.sqlite.tmpdir", cache.toString());
        } catch (IOException | RuntimeException e) {
            // a read-only or odd directory: the driver's own way still works
        }
    }

    private static boolean extract(Path lib) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return false;
            Files.createDirectories(lib.getParent());
            Path part = Files.createTempFile(lib.getParent(), lib.getFileName().toString(), ".part");
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                // a process starting at the same time finds either no file or a whole one
                Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return true;
        }
    }
}

package depot.core.db;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, without a query, whether anything committed to a SQLite database since an earlier look: SQLite's WAL
 * index (the {@code -shm} file every connection to a WAL database maps, in the layout SQLite documents in "WAL-mode
 * file format") starts with a 48-byte header, written twice, that every commit rewrites (its change counter, last
 * frame and frame checksums move). Reading it from a mapping costs nanoseconds where a query costs a pooled
 * connection, a read transaction and its file locks.
 *
 * <p>The header is read as SQLite's own readers read it: the first copy, a fence, the second copy, and only two equal
 * copies count (a commit writes the second copy first). A connection of its own stays open as long as this object,
 * so that no other connection may start the index over (SQLite truncates it only when it is the only one to have
 * it open). Anything unexpected (no index file, an unknown version, copies that differ) reads as "unknown", and the
 * caller asks the database as it did before.
 */
final class WalCommits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCommits.class);
    /** The WAL index's version: the first field of the header. */
    private static final int VERSION = 3007000;
    private static final int HEADER = 48;
    /** The index files' channels, never closed (see {@link #kept}). */
    private static final java.util.Map<String, FileChannel> KEPT = new java.util.HashMap<>();

    private final Connection keeper;
    private final MappedByteBuffer index;
    private volatile boolean open = true;

    private WalCommits(Connection keeper, MappedByteBuffer index) {
        this.keeper = keeper;
        this.index = index;
    }

    /**
     * Watches the WAL index of the SQLite database file {@code file}, keeping a connection from {@code connections}
     * open; null when the database has no index file to read (not in WAL mode, in memory, a URI name).
     */
    static WalCommits watch(DataSource connections, String file) {
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:") || file.contains("?")) {
            return null;
        }
        Connection keeper = null;
        try {
            keeper = connections.getConnection();
            try (var s = keeper.createStatement(); var rows = s.executeQuery("SELECT COUNT(*) FROM change_stamps")) {
                rows.next(); // a read maps the index for this connection, which keeps it from being started over
            }
            Path shm = Path.of(file + "-shm");
            if (!Files.isRegularFile(shm) || Files.size(shm) < 2 * HEADER) {
                keeper.close();
                return null;
            }
            MappedByteBuffer index = kept(shm).map(FileChannel.MapMode.READ_ONLY, 0, 2 * HEADER);
            index.order(ByteOrder.nativeOrder());
            WalCommits commits = new WalCommits(keeper, index);
            if (commits.header() == null) {
                commits.close();
                return null;
            }
            return commits;
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.debug("the WAL index of {} cannot be read; change counters are read by query: {}", file, e.toString());
            if (keeper != null) {
                try {
                    keeper.close();
                } catch (SQLException ignored) {
                    // nothing held
                }
            }
            return null;
        }
    }

    /**
     * An open channel of the index file {@code shm}, opened once per file for the life of the process and never
     * closed. On Linux, closing any descriptor of a file drops every lock the process holds on it, SQLite's own
     * included: a closed channel left the server's connections unlocked, so the next SQLite process to open the
     * database (the CLI, {@code sqlite3}) took itself for the first, started the index over under the running server,
     * and the server's next read of its mapping died of SIGBUS. A channel left to the garbage collector would be closed
     * by its cleaner just the same, hence the map. A new index file (SQLite removes it when the last connection
     * closes) is a new entry: keyed by the file's inode.
     */
    private static FileChannel kept(Path shm) throws IOException {
        Object inode = Files.getAttribute(shm, "unix:ino");
        String key = shm.toRealPath() + "#" + inode;
        synchronized (KEPT) {
            FileChannel channel = KEPT.get(key);
            if (channel == null) {
                channel = FileChannel.open(shm, StandardOpenOption.READ);
                KEPT.put(key, channel);
            }
            return channel;
        }
    }

    /**
     * The header as the last commit left it (two equal copies read), or null when it cannot be told: two different
     * copies (a commit writing it right now), an index not initialized, or this watcher closed.
     */
    long[] header() {
        if (!open) return null;
        long[] first = new long[HEADER / 8];
        long[] second = new long[HEADER / 8];
        for (int i = 0; i < first.length; i++) first[i] = index.getLong(i * 8);
        VarHandle.acquireFence();
        for (int i = 0; i < second.length; i++) second[i] = index.getLong(HEADER + i * 8);
        if (!Arrays.equals(first, second)) return null;
        // iVersion is the first 32-bit field, isInit the byte at offset 12
        if (index.getInt(0) != VERSION || index.get(12) != 1) return null;
        return first;
    }

    @Override
    public void close() {
        open = false;
        try {
            keeper.close();
        } catch (SQLException e) {
            LOG.debug("closing the WAL index's connection: {}", e.toString());
        }
    }
}

package depot.http;

import depot.core.error.DepotException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Counts a zip archive's central directory before any zip library builds it: a zip library materializes every
 * entry of the directory (an 80 MB file can name 1.5 million), so an archive with more entries than a format allows
 * is refused here, reading the directory's fixed-size headers through one small buffer. The walk follows the chain of
 * central-directory headers from the offset the end record names, as zip readers do, so an end record that lies
 * about the count changes nothing. Thread-safe (stateless); the channel's position is left where it was.
 */
public final class ZipLimits {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CFH_SIG = 0x02014b50;
    private static final int MAX_COMMENT = 0xFFFF;
    private ZipLimits() {}

    /**
     * The bytes a central directory may take (names, extra fields, comments): a zip library holds all of it, so
     * 1,300 entries with 64 KiB names, extras and comments would cost 250 MB without this.
     */
    public static final long MAX_DIRECTORY_BYTES = 8L << 20;

    /**
     * Throws {@link DepotException.Invalid} naming {@code what} if the archive has more than {@code maxEntries}
     * central-directory entries, a directory larger than {@link #MAX_DIRECTORY_BYTES}, or no end record at all.
     */
    public static void requireAtMost(SeekableByteChannel channel, int maxEntries, String what) throws IOException {
        long saved = channel.position();
        try {
            long start = centralDirectoryOffset(channel, what);
            long offset = start;
            int count = 0;
            ByteBuffer header = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
            while (true) {
                header.clear();
                if (read(channel, offset, header) < 46 || header.getInt(0) != CFH_SIG) break;
                if (++count > maxEntries) {
                    throw new DepotException.Invalid(what + " has more than " + maxEntries + " entries");
                }
                offset += 46L + Short.toUnsignedInt(header.getShort(28)) + Short.toUnsignedInt(header.getShort(30))
                        + Short.toUnsignedInt(header.getShort(32));
                if (offset - start > MAX_DIRECTORY_BYTES) {
                    throw new DepotException.Invalid(what + "'s central directory is larger than "
                            + (MAX_DIRECTORY_BYTES >> 20) + " MiB (names, extra fields and comments)");
                }
            }
        } finally {
            channel.position(saved);
        }
    }

    private static long centralDirectoryOffset(SeekableByteChannel channel, String what) throws IOException {
        long size = channel.size();
        int tail = (int) Math.min(size, 22L + MAX_COMMENT);
        ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
        read(channel, size - tail, end);
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) != EOCD_SIG) continue;
            long offset = Integer.toUnsignedLong(end.getInt(i + 16));
            long eocd = size - tail + i;
            if (offset == 0xFFFFFFFFL && eocd >= 20) offset = zip64Offset(channel, eocd - 20, offset);
            return offset;
        }
        throw new DepotException.Invalid(what + " is not a valid zip archive (no end of central directory)");
    }

    private static long zip64Offset(SeekableByteChannel channel, long locatorAt, long fallback) throws IOException {
        ByteBuffer locator = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        if (read(channel, locatorAt, locator) < 20 || locator.getInt(0) != ZIP64_LOCATOR_SIG) return fallback;
        long recordAt = locator.getLong(8);
        ByteBuffer record = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        if (recordAt < 0 || read(channel, recordAt, record) < 56 || record.getInt(0) != ZIP64_EOCD_SIG) return fallback;
        return record.getLong(48);
    }

    private static int read(SeekableByteChannel channel, long at, ByteBuffer into) throws IOException {
        if (at < 0 || at >= channel.size()) return 0;
        channel.position(at);
        int total = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) break;
            total += n;
        }
        return total;
    }
}

package depot.core.blob;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One S3 part held as small chunks rather than one array. A part is at least 5 MiB; one array of that size is a
 * "humongous" allocation at a small heap, which the JVM can refuse while other threads hold the GC locker (zip
 * inflation does), and the SDK's {@code fromByteBuffer} copied it once more. Chunks stay well below G1's region
 * size, are reused from part to part, and go to the SDK as a stream it can reopen for a retry.
 */
final class PartBuffer {
    /** Also the most one read hands the digests (their helper lane copies at most this much at a time). */
    static final int CHUNK = 64 * 1024;
    private final byte[][] chunks;
    private final int capacity;
    private int filled;

    PartBuffer(int capacity) {
        this.capacity = capacity;
        this.chunks = new byte[(capacity + CHUNK - 1) / CHUNK][];
    }

    int capacity() {
        return capacity;
    }

    int filled() {
        return filled;
    }

    boolean full() {
        return filled == capacity;
    }

    /** Empties the buffer and reads into it until it is full or the stream ends, hashing as it goes. */
    int fill(InputStream in, UploadDigests digests, long maxBytes) throws IOException, InterruptedException {
        filled = 0;
        while (filled < capacity) {
            int index = filled / CHUNK;
            if (chunks[index] == null) chunks[index] = new byte[Math.min(CHUNK, capacity - index * CHUNK)];
            byte[] chunk = chunks[index];
            int offset = filled % CHUNK;
            int n = in.read(chunk, offset, chunk.length - offset);
            if (n < 0) break;
            if (digests.size() + n > maxBytes) throw new DepotException.TooLarge(maxBytes);
            digests.update(chunk, offset, n);
            filled += n;
        }
        return filled;
    }

    /** The filled bytes, as a body the SDK may read more than once. */
    RequestBody body() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> stream(length), length, "application/octet-stream");
    }

    private InputStream stream(int length) {
        List<InputStream> parts = new ArrayList<>();
        for (int start = 0; start < length; start += CHUNK) {
            parts.add(new ByteArrayInputStream(chunks[start / CHUNK], 0, Math.min(CHUNK, length - start)));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }
}

package depot.core.packages;

import depot.core.blob.BlobSource;
import depot.core.blob.Digests;
import depot.core.blob.StoredBlob;
import depot.core.db.Packages;
import depot.core.db.PendingDigestRows;
import depot.core.error.DepotException;
import depot.core.model.PackageFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the MD5, SHA-1 and SHA-512 of package files whose upload left them out (a large body no format needed
 * them of before its 201): their rows hold {@link #PENDING} until then. The digests are computed once the bytes are
 * durable — in the background after the publish, at start for what a crash left pending, and by any read of such a
 * row, which waits for them, so no client sees a missing value. They come from the stored bytes, whose SHA-256 is
 * checked on the same pass, so a damaged blob is reported instead of described. However many ask at once, one
 * computation per blob runs on this node; another node finding the row complete takes its values. Thread-safe.
 */
public final class PendingDigests implements AutoCloseable {
    /** What a package file row holds for a digest not computed yet: a hex digest is never empty. */
    public static final String PENDING = "";
    private static final Logger LOG = LoggerFactory.getLogger(PendingDigests.class);
    private final Packages packages;
    private final BlobSource content;
    private final Map<String, CompletableFuture<StoredBlob>> running = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "depot-digests");
        t.setDaemon(true);
        return t;
    });

    public PendingDigests(Packages packages, BlobSource content) {
        this.packages = packages;
        this.content = content;
    }

    /** A digest as a row stores it: the value, or {@link #PENDING} when the upload left it out. */
    public static String stored(String digest) { return digest == null ? PENDING : digest; }

    /** Whether a file's row still waits for some digest (PostgreSQL pads the empty CHAR(n) with blanks). */
    public static boolean pending(PackageFile f) {
        return f.md5().isBlank() || f.sha1().isBlank() || f.sha512().isBlank();
    }

    /** The file with every digest, computing the pending ones (waiting for a computation already running). */
    public PackageFile complete(PackageFile f) {
        if (!pending(f)) return f;
        StoredBlob d = digests(f.sha256(), f.size());
        return new PackageFile(f.id(), f.packageId(), f.fileName(), f.size(), f.sha256(), d.md5(), d.sha1(), d.sha512(),
                f.metadata(), f.ciJobId(), f.createdAt());
    }

    public List<PackageFile> complete(List<PackageFile> files) {
        return files.stream().noneMatch(PendingDigests::pending) ? files : files.stream().map(this::complete).toList();
    }

    /** Completes a blob's files in the background (after a publish that left digests pending). */
    public void schedule(String sha256, long size) {
        background.execute(() -> {
            try {
                digests(sha256, size);
            } catch (RuntimeException e) {
                // the next read of the file, or the next start, tries again
                LOG.warn("could not complete the digests of blob {}: {}", sha256, e.toString());
            }
        });
    }

    /** Schedules what a stop or crash left pending (at start). */
    public void resume() {
        for (PendingDigestRows.PendingBlob b : packages.pending().blobs()) schedule(b.sha256(), b.size());
    }

    private StoredBlob digests(String sha256, long size) {
        CompletableFuture<StoredBlob> mine = new CompletableFuture<>();
        CompletableFuture<StoredBlob> other = running.putIfAbsent(sha256, mine);
        if (other != null) return join(other);
        try {
            StoredBlob d = packages.pending().completed(sha256).orElseGet(() -> hash(sha256, size));
            packages.pending().complete(d);
            mine.complete(d);
            return d;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(sha256, mine);
        }
    }

    private StoredBlob hash(String sha256, long size) {
        Digests digests = new Digests();
        try (InputStream in = content.open(sha256, 0, size)
                .orElseThrow(() -> new DepotException.NotFound("stored file " + sha256 + " is missing"))) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) != -1) digests.update(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StoredBlob d = digests.finish();
        if (!d.sha256().equals(sha256) || d.size() != size) {
            throw new IllegalStateException("the stored bytes of blob " + sha256 + " do not match it (see depot fsck)");
        }
        return d;
    }

    private static StoredBlob join(CompletableFuture<StoredBlob> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** Stops the background work; what it did not finish stays pending for the next start or read. */
    @Override
    public void close() {
        background.shutdownNow();
    }
}

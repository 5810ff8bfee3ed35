package depot.format.rpm;

import depot.core.blob.StoredBlob;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.PackageReads;
import depot.format.rpm.RpmStore.Repository;
import depot.format.rpm.RpmStore.SnapshotFile;
import depot.http.FormatContext;
import depot.http.OpenPgpKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A repository's metadata, generated whole as one snapshot: primary, filelists and other (gzipped, named by their
 * checksums), the repomd.xml naming them and its detached signature, stored as blobs and recorded in one
 * transaction. A reader is served the newest snapshot of its scope (the projects it reads), made first when the
 * packages' change stamp moved since it was made, so a publish or delete through any path, on any node, shows up;
 * the checksum-named files of the snapshots kept before it stay readable until gc (a client that read the older
 * repomd.xml fetches them next).
 */
final class RpmSnapshots {
    /** Snapshots kept per repository and scope beside the newest. */
    static final int KEEP = 3;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RpmSnapshots.class);
    private static final ExecutorService REFRESH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "depot-rpm-repodata");
        t.setDaemon(true);
        return t;
    });
    private final FormatContext s;
    private final RpmStore store;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> pending = new ConcurrentHashMap<>();

    RpmSnapshots(FormatContext s, RpmStore store) {
        this.s = s;
        this.store = store;
    }

    /** The file at {@code path} of the newest snapshot for {@code projectIds}, made first if it is out of date. */
    Optional<SnapshotFile> currentFile(Repository r, List<Long> projectIds, String path) {
        String scope = scopeKey(projectIds);
        String stamp = stamp(projectIds);
        Optional<RpmStore.Newest> newest = store.newest(r.id(), scope, path).filter(n -> n.stamp().equals(stamp));
        if (newest.isPresent()) return Optional.ofNullable(newest.get().file());
        synchronized (locks.computeIfAbsent(r.id() + "/" + scope, k -> new Object())) {
            newest = store.newest(r.id(), scope, path).filter(n -> n.stamp().equals(stamp));
            if (newest.isPresent()) return Optional.ofNullable(newest.get().file());
            return store.file(generate(r, projectIds, scope, stamp), path);
        }
    }

    /** A checksum-named metadata file of any kept snapshot of the scope. */
    Optional<SnapshotFile> kept(Repository r, List<Long> projectIds, String path) {
        return store.kept(r.id(), scopeKey(projectIds), path);
    }

    /**
     * Makes the repository's snapshot for {@code projectIds} soon, on a thread of its own, unless one is already
     * waiting: a publish answers without waiting for the metadata, and a burst of publishes makes one snapshot.
     */
    void refreshSoon(Repository r, List<Long> projectIds) {
        String key = r.id() + "/" + scopeKey(projectIds);
        if (pending.putIfAbsent(key, Boolean.TRUE) != null) return;
        REFRESH.execute(() -> {
            pending.remove(key);
            try {
                currentFile(r, projectIds, "repodata/repomd.xml");
            } catch (RuntimeException e) {
                LOG.warn("RPM repodata of repository {} were not made ahead of readers: {}", r.id(), e.toString());
            }
        });
    }

    private String stamp(List<Long> projectIds) {
        return s.reads().typeStamp(projectIds, RpmFormat.TYPE).hex();
    }

    static String scopeKey(List<Long> projectIds) {
        StringBuilder b = new StringBuilder();
        projectIds.stream().sorted().forEach(id -> b.append(id).append(','));
        return Repodata.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long generate(Repository r, List<Long> projectIds, String scope, String stamp) {
        long now = s.clock().now();
        Map<String, byte[]> files = Repodata.build(listed(projectIds), now / 1000);
        OpenPgpKey key = store.key(r);
        files.put("repodata/repomd.xml.asc", key.detachedSign(files.get("repodata/repomd.xml")));
        List<SnapshotFile> stored = new ArrayList<>();
        files.forEach((path, bytes) -> stored.add(store(path, bytes)));
        return store.insert(r.id(), scope, stamp, now, stored);
    }

    /** The visible RPMs of {@code projectIds}, ordered by name, version and architecture. */
    List<Repodata.Listed> listed(List<Long> projectIds) {
        List<Package> packages = s.reads().ofType(projectIds, RpmFormat.TYPE).stream().filter(PackageReads::isVisible).toList();
        Map<Long, List<PackageFile>> files = s.reads().filesOf(packages.stream().map(Package::id).toList());
        List<Repodata.Listed> out = new ArrayList<>();
        for (Package p : packages) {
            for (PackageFile f : files.getOrDefault(p.id(), List.of())) {
                if (f.metadata() == null || !f.fileName().endsWith(".rpm")) continue;
                RpmPackage rpm = RpmPackage.fromJson(f.metadata());
                out.add(new Repodata.Listed(rpm, f.sha256(), f.size(), f.createdAt() / 1000, RpmFormat.href(f.fileName())));
            }
        }
        out.sort(Comparator.comparing((Repodata.Listed l) -> l.pkg().name()).thenComparing(l -> l.pkg().evr())
                .thenComparing(l -> l.pkg().arch()));
        return out;
    }

    private SnapshotFile store(String path, byte[] bytes) {
        try {
            StoredBlob blob = s.packages().store(new ByteArrayInputStream(bytes), bytes.length);
            s.packages().record(blob);
            return new SnapshotFile(path, blob.sha256(), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

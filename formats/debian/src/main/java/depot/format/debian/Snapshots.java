package depot.format.debian;

import depot.http.OpenPgpKey;
import depot.core.blob.StoredBlob;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.PackageReads;
import depot.format.debian.DistributionStore.Distribution;
import depot.format.debian.SnapshotStore.SnapshotFile;
import depot.http.FormatContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A distribution's index files, generated whole as one snapshot: every {@code Packages} and {@code Sources} (plain,
 * gzip, xz), then the Release naming them and its two signed forms, stored as blobs and recorded in one transaction.
 * A reader takes the newest snapshot of its scope (the projects it reads) and is served only that snapshot's files,
 * so the hashes in a Release always match the files beside it; older snapshots stay for by-hash readers until gc.
 * A snapshot is made when the packages' change stamp or the distribution moved since the newest one (first reader
 * after a change, or the upload itself), so deletes through any path show up, on every node.
 */
final class Snapshots {
    /** Snapshots kept per distribution and scope (by-hash readers of an older Release) beside the newest. */
    static final int KEEP = 3;
    private final FormatContext s;
    private final SnapshotStore store;
    private final DistributionStore distributions;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> pending = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Snapshots.class);
    private static final java.util.concurrent.ExecutorService REFRESH = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "depot-debian-indexes");
        t.setDaemon(true);
        return t;
    });


    Snapshots(FormatContext s, DistributionStore distributions) {
        this.s = s;
        this.store = new SnapshotStore(s.database().jdbi());
        this.distributions = distributions;
    }

    /** The newest snapshot's id for {@code d} as read from {@code projectIds}, made now if it is out of date. */
    long current(Distribution d, List<Long> projectIds) {
        String scope = scopeKey(projectIds);
        String stamp = s.reads().typeStamp(projectIds, DebianFormat.TYPE).hex() + "/" + d.updatedAt();
        Optional<Long> fresh = fresh(d, scope, stamp);
        if (fresh.isPresent()) return fresh.get();
        synchronized (locks.computeIfAbsent(d.id() + "/" + scope, k -> new Object())) {
            fresh = fresh(d, scope, stamp);
            if (fresh.isPresent()) return fresh.get();
            return generate(d, projectIds, scope, stamp);
        }
    }

    private Optional<Long> fresh(Distribution d, String scope, String stamp) {
        return newest(d, scope, stamp, "").map(SnapshotStore.Newest::id);
    }

    /** The newest snapshot of a scope with its file at {@code path}, if it is up to date. */
    private Optional<SnapshotStore.Newest> newest(Distribution d, String scope, String stamp, String path) {
        long now = s.clock().now();
        // a Release with Valid-Until is signed anew when half of its validity has passed
        Long valid = d.validTimeDurationSeconds();
        return store.newest(d.id(), scope, path).filter(n -> n.stamp().equals(stamp)
                && (valid == null || valid == 0 || n.createdAt() + valid * 500 > now));
    }

    /** The file at {@code path} of the newest snapshot for {@code projectIds}, made first if it is out of date. */
    Optional<SnapshotFile> currentFile(Distribution d, List<Long> projectIds, String path) {
        String stamp = s.reads().typeStamp(projectIds, DebianFormat.TYPE).hex() + "/" + d.updatedAt();
        Optional<SnapshotStore.Newest> newest = newest(d, scopeKey(projectIds), stamp, path);
        if (newest.isPresent()) return Optional.ofNullable(newest.get().file());
        return file(current(d, projectIds), path);
    }

    /**
     * Makes the distribution's snapshot for {@code projectIds} soon, on a thread of its own, unless one is already
     * waiting to be made: an upload answers without waiting for the indexes, a burst of uploads makes one snapshot, and
     * the next reader usually finds it made. A reader that comes first makes it itself ({@link #current}).
     */
    void refreshSoon(Distribution d, List<Long> projectIds) {
        String key = d.id() + "/" + scopeKey(projectIds);
        if (pending.putIfAbsent(key, Boolean.TRUE) != null) return;
        REFRESH.execute(() -> {
            pending.remove(key);
            try {
                distributions.byId(d.id()).ifPresent(fresh -> current(fresh, projectIds));
            } catch (RuntimeException e) {
                LOG.warn("Debian indexes of distribution {} were not made ahead of readers: {}", d.codename(), e.toString());
            }
        });
    }

    /** The file at {@code path} ("InRelease", "main/binary-amd64/Packages.gz") of a snapshot. */
    Optional<SnapshotFile> file(long snapshot, String path) {
        return store.file(snapshot, path);
    }

    /**
     * A by-hash read: a file under {@code folder} of any kept snapshot of the same distribution and scope whose
     * SHA256 (or SHA512) is {@code hex}.
     */
    Optional<SnapshotFile> byHash(Distribution d, List<Long> projectIds, String folder, String algorithm, String hex) {
        return store.byHash(d.id(), scopeKey(projectIds), algorithm.equals("SHA512"), hex).stream()
                .filter(f -> f.path().startsWith(folder + "/")).findFirst();
    }

    static String scopeKey(List<Long> projectIds) {
        StringBuilder b = new StringBuilder();
        projectIds.stream().sorted().forEach(id -> b.append(id).append(','));
        return hex("SHA-256", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private long generate(Distribution d, List<Long> projectIds, String scope, String stamp) {
        List<Entry> entries = entries(d, projectIds);
        // the configured components and architectures, and any an upload brought
        java.util.Set<String> components = new java.util.LinkedHashSet<>(d.components());
        java.util.Set<String> architectures = new java.util.LinkedHashSet<>(d.architectures());
        entries.forEach(e -> {
            components.add(e.component());
            if (!e.kind().equals("dsc")) architectures.add(e.arch());
        });
        Map<String, List<String>> stanzas = new LinkedHashMap<>();
        for (String component : components) {
            for (String arch : architectures) stanzas.put(component + "/binary-" + arch, new ArrayList<>());
        }
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (String component : components) sources.put(component, new ArrayList<>());
        for (Entry e : entries) {
            if (e.kind().equals("dsc")) {
                String stanza = sourceStanza(d, e);
                if (stanza != null) sources.get(e.component()).add(stanza);
                continue;
            }
            String stanza = PackagesStanza.render(Control.of(e.control()), poolPath(d.codename(), e.component(), e.name(),
                    e.file().fileName()), e.file().size(), e.file().md5(), e.file().sha1(), e.file().sha256());
            // an Architecture: all package is in binary-all and in every architecture's index, as Debian's archive has it
            for (String arch : e.arch().equals("all") ? architectures : List.of(e.arch())) {
                List<String> list = stanzas.get(e.component() + "/binary-" + arch);
                if (list != null) list.add(stanza);
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        // each paragraph followed by a blank line, as dpkg-scanpackages writes them
        stanzas.forEach((folder, list) -> compressed(files, folder + "/Packages", String.join("", list.stream().map(x -> x + "\n").toList())));
        sources.forEach((component, list) -> compressed(files, component + "/source/Sources",
                String.join("", list.stream().map(x -> x + "\n").toList())));
        List<ReleaseFile.Index> indexes = new ArrayList<>();
        files.forEach((path, bytes) -> indexes.add(new ReleaseFile.Index(path, bytes.length, hex("MD5", bytes),
                hex("SHA-1", bytes), hex("SHA-256", bytes), hex("SHA-512", bytes))));
        Instant date = Instant.ofEpochMilli(s.clock().now());
        Long valid = d.validTimeDurationSeconds();
        byte[] release = ReleaseFile.render(releaseFields(d, components, architectures), date,
                valid == null || valid == 0 ? null : date.plusSeconds(valid), indexes);
        OpenPgpKey key = distributions.key(d);
        files.put("Release", release);
        files.put("InRelease", key.clearSign(release));
        files.put("Release.gpg", key.detachedSign(release));
        List<SnapshotFile> stored = new ArrayList<>();
        files.forEach((path, bytes) -> stored.add(store(path, bytes)));
        return store.insert(d.id(), scope, stamp, date.toEpochMilli(), stored);
    }

    static Map<String, String> releaseFields(Distribution d, java.util.Collection<String> components,
                                             java.util.Collection<String> architectures) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Origin", d.origin());
        fields.put("Label", d.label());
        fields.put("Suite", d.suite());
        fields.put("Version", d.version());
        fields.put("Codename", d.codename());
        fields.put("Architectures", String.join(" ", architectures));
        fields.put("Components", String.join(" ", components));
        fields.put("Description", d.description());
        // Architecture: all packages are in binary-all and in each architecture's index; apt reads binary-all when
        // "all" is listed (a distribution of only such packages has no other index to read)
        fields.put("Acquire-By-Hash", "yes");
        return fields;
    }

    /** One .deb or .dsc of the distribution, as the index lists it, with the other files of its package. */
    record Entry(String name, String version, String arch, String component, String kind, Map<String, String> control,
                 PackageFile file, List<PackageFile> siblings) {}

    /** A source package's paragraph, or null while a file its .dsc names has not been uploaded. */
    private static String sourceStanza(Distribution d, Entry e) {
        Map<String, PackageFile> byName = new LinkedHashMap<>();
        e.siblings().forEach(f -> byName.put(f.fileName(), f));
        Control dsc = Control.of(e.control());
        List<SourceControl.Listed> files = new ArrayList<>();
        files.add(listed(e.file()));
        for (SourceControl.Listed named : SourceControl.of(dsc, "the .dsc").files().values()) {
            PackageFile f = byName.get(named.name());
            if (f == null || !f.sha256().equals(named.sha256())) return null;
            files.add(listed(f));
        }
        String pool = poolPath(d.codename(), e.component(), e.name(), "x");
        return SourcesStanza.render(dsc, pool.substring(0, pool.length() - 2), files);
    }

    private static SourceControl.Listed listed(PackageFile f) {
        return new SourceControl.Listed(f.fileName(), f.size(), f.md5(), f.sha1(), f.sha256());
    }

    /** The visible .debs of the distribution in {@code projectIds}, ordered by name, version and architecture. */
    List<Entry> entries(Distribution d, List<Long> projectIds) {
        List<Package> packages = s.reads().ofType(projectIds, DebianFormat.TYPE).stream().filter(PackageReads::isVisible).toList();
        Map<Long, List<PackageFile>> files = s.reads().filesOf(packages.stream().map(Package::id).toList());
        List<Entry> out = new ArrayList<>();
        for (Package p : packages) {
            List<PackageFile> all = files.getOrDefault(p.id(), List.of());
            for (PackageFile f : all) {
                DebianFormat.FileMeta meta = DebianFormat.FileMeta.of(f);
                if (meta == null || !meta.distribution().equals(d.codename())) continue;
                if (!meta.kind().equals("dsc") && !DebianFormat.BINARY.contains(meta.kind())) continue;
                out.add(new Entry(p.name(), p.version(), meta.architecture(), meta.component(), meta.kind(),
                        meta.control(), f, all));
            }
        }
        out.sort(Comparator.comparing(Entry::name).thenComparing(Entry::version).thenComparing(Entry::arch));
        return out;
    }

    /** {@code pool/<codename>/<component>/<prefix>/<name>/<file>}, with Debian's pool prefix (l/ or lib?/). */
    static String poolPath(String codename, String component, String name, String file) {
        String prefix = name.startsWith("lib") && name.length() > 3 ? name.substring(0, 4) : name.substring(0, 1);
        return "pool/" + codename + "/" + component + "/" + prefix + "/" + name + "/" + file;
    }

    private static void compressed(Map<String, byte[]> files, String path, String text) {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        files.put(path, plain);
        try {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(plain);
            }
            files.put(path + ".gz", gz.toByteArray());
            ByteArrayOutputStream xz = new ByteArrayOutputStream();
            // preset 1: a 1 MiB dictionary and ~10 MiB of encoder memory (preset 6 takes ~94 MiB of a small heap)
            try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options(1))) {
                out.write(plain);
            }
            files.put(path + ".xz", xz.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SnapshotFile store(String path, byte[] bytes) {
        try {
            StoredBlob blob = s.packages().store(new ByteArrayInputStream(bytes), bytes.length);
            s.packages().record(blob);
            return new SnapshotFile(path, blob.sha256(), bytes.length, hex("SHA-512", bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

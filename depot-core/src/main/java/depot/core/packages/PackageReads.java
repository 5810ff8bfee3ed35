package depot.core.packages;

import depot.core.blob.BlobSource;
import depot.core.db.PackageQuery;
import depot.core.db.Packages;
import depot.core.db.Page;
import depot.core.db.StampedCache;
import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What formats read: packages and their files, the change stamps index documents are keyed by, and the stored bytes
 * (read-only). "Visible" means {@link PackageStatus#DEFAULT}: a package being written, hidden or deleted is in no
 * index and serves no file. Writes go through {@link PackageService}. Thread-safe.
 */
public final class PackageReads {
    private static final int CACHED = 10_000;
    /** What each cache below may hold at most, in about the bytes of its rows (metadata included). */
    static final long CACHED_BYTES = 4L << 20;
    private final Packages packages;
    private final BlobSource content;
    private final PendingDigests pendingDigests;
    private final depot.core.db.DownloadCounts downloads;
    /*
     * What downloads and index documents look up, kept while the packages' change counter stands still (no publish,
     * delete or status change on any node): a format's download path finds its file by its own rules (a name's
     * versions and their files, a file's name or digest) with no query on a warm cache. Lists and maps kept here are
     * unmodifiable.
     */
    private final StampedCache<Key, Optional<Package>> found;
    private final StampedCache<Long, Optional<Package>> byId;
    private final StampedCache<Long, List<PackageFile>> filesOf;
    private final StampedCache<Names, List<Package>> versions;
    private final StampedCache<List<Long>, Map<Long, List<PackageFile>>> filesOfMany;
    private final StampedCache<Names, List<PackageFile>> filesNamed;
    private final StampedCache<Digest, Optional<PackageFile>> byDigest;

    private record Key(long projectId, String type, String normalizedName, String version) {}

    /** A name (or file name) of a type in some projects. */
    private record Names(List<Long> projectIds, String type, String name) {}

    private record Digest(List<Long> projectIds, String type, String sha256, String fileName) {}

    /** Files come out with every digest: pending ones are completed first ({@link PendingDigests}). */
    public PackageReads(Packages packages, BlobSource content, PendingDigests pendingDigests,
                        LongSupplier packagesCounter, depot.core.db.DownloadCounts downloads) {
        this.packages = packages;
        this.downloads = downloads;
        this.content = content;
        this.pendingDigests = pendingDigests;
        this.found = StampedCache.weighed(packagesCounter, CACHED, o -> o.map(PackageReads::weight).orElse(0L), CACHED_BYTES);
        this.byId = StampedCache.weighed(packagesCounter, CACHED, o -> o.map(PackageReads::weight).orElse(0L), CACHED_BYTES);
        this.filesOf = StampedCache.weighed(packagesCounter, CACHED, PackageReads::filesWeight, CACHED_BYTES);
        this.versions = StampedCache.weighed(packagesCounter, CACHED,
                list -> list.stream().mapToLong(PackageReads::weight).sum(), CACHED_BYTES);
        this.filesOfMany = StampedCache.weighed(packagesCounter, CACHED,
                map -> map.values().stream().mapToLong(PackageReads::filesWeight).sum(), CACHED_BYTES);
        this.filesNamed = StampedCache.weighed(packagesCounter, CACHED, PackageReads::filesWeight, CACHED_BYTES);
        this.byDigest = StampedCache.weighed(packagesCounter, CACHED, o -> o.map(PackageReads::weight).orElse(0L),
                CACHED_BYTES);
    }

    /** About the bytes a package row holds in memory. */
    static long weight(Package p) {
        return 128 + length(p.name()) + length(p.normalizedName()) + length(p.version()) + length(p.metadata());
    }

    /** About the bytes a file row holds in memory. */
    static long weight(PackageFile f) {
        return 400 + length(f.fileName()) + length(f.metadata());
    }

    private static long filesWeight(List<PackageFile> files) {
        return files.stream().mapToLong(PackageReads::weight).sum();
    }

    private static long length(String s) { return s == null ? 0 : s.length(); }

    /** One version in one project, whatever its status (a publish deciding what to do with it). */
    public Optional<Package> find(long projectId, String type, String normalizedName, String version) {
        return found.get(new Key(projectId, type, normalizedName, version),
                () -> packages.find(projectId, type, normalizedName, version));
    }

    /** One visible version in one project. */
    public Optional<Package> visible(long projectId, String type, String normalizedName, String version) {
        return find(projectId, type, normalizedName, version).filter(PackageReads::isVisible);
    }

    public Optional<Package> get(long id) { return byId.get(id, () -> packages.get(id)); }

    /** Counts one download of a stored file (an in-memory increment; see {@link depot.core.db.DownloadCounts}). */
    public void countDownload(PackageFile file) { downloads.record(file.id(), file.packageId()); }

    /** Downloads per file and per day, for pages. */
    public depot.core.db.DownloadCounts downloads() { return downloads; }

    /** Every version of one name in the projects, whatever its status, oldest first. */
    public List<Package> versions(List<Long> projectIds, String type, String normalizedName) {
        return versions.get(new Names(List.copyOf(projectIds), type, normalizedName),
                () -> List.copyOf(packages.versions(projectIds, type, normalizedName)));
    }

    /** The visible versions of one name in the projects, oldest first. */
    public List<Package> visibleVersions(List<Long> projectIds, String type, String normalizedName) {
        return versions(projectIds, type, normalizedName).stream().filter(PackageReads::isVisible).toList();
    }

    /** Every visible package of a type in the projects, oldest first. */
    public List<Package> ofType(List<Long> projectIds, String type) { return packages.ofType(projectIds, type); }

    /** Visible packages directly below {@code parent} whose metadata contains {@code metadataText}. */
    public List<Package> childrenOf(List<Long> projectIds, String type, String parent, String metadataText) {
        return packages.childrenOf(projectIds, type, parent, metadataText);
    }

    /** The distinct names of visible packages of a type in the projects, sorted. */
    public List<String> names(List<Long> projectIds, String type) { return packages.names(projectIds, type); }

    /**
     * A page of a format's search: the visible packages of a type in the projects whose name contains
     * {@code nameContains} (any name when null), newest first.
     */
    public Page<Package> newestFirst(List<Long> projectIds, String type, String nameContains, int page, int perPage) {
        return packages.list(new PackageQuery(projectIds, type, nameContains, null, "default", false, "created_at",
                "desc", page, perPage));
    }

    public List<PackageFile> files(long packageId) {
        return filesOf.get(packageId, () -> List.copyOf(pendingDigests.complete(packages.files(packageId))));
    }

    /** The files of a package with one of these names, oldest first: what an upload into one slot needs to see. */
    public List<PackageFile> files(long packageId, java.util.Collection<String> fileNames) {
        return pendingDigests.complete(packages.files(packageId, fileNames));
    }

    /** One file by id, whatever its package's status. */
    public Optional<PackageFile> file(long id) { return packages.file(id).map(pendingDigests::complete); }

    /** The files of many packages in one query, by package id, oldest first. */
    public Map<Long, List<PackageFile>> filesOf(List<Long> packageIds) {
        return filesOfMany.get(List.copyOf(packageIds), () -> {
            Map<Long, List<PackageFile>> files = packages.filesOf(packageIds);
            files.replaceAll((id, list) -> List.copyOf(pendingDigests.complete(list)));
            return java.util.Collections.unmodifiableMap(files);
        });
    }

    /** A file of a visible package, by content digest and name. */
    public Optional<PackageFile> fileByDigest(List<Long> projectIds, String type, String sha256, String fileName) {
        return byDigest.get(new Digest(List.copyOf(projectIds), type, sha256, fileName),
                () -> packages.fileByDigest(projectIds, type, sha256, fileName).map(pendingDigests::complete));
    }

    /** Files of visible packages named {@code fileName} in any case, newest first. */
    public List<PackageFile> filesNamed(List<Long> projectIds, String type, String fileName) {
        return filesNamed.get(new Names(List.copyOf(projectIds), type, fileName),
                () -> List.copyOf(pendingDigests.complete(packages.filesNamed(projectIds, type, fileName))));
    }

    /** Tag name to package id, for the versions of one name in one project. */
    public Map<String, Long> tags(long projectId, String type, String normalizedName) {
        return packages.tags(projectId, type, normalizedName);
    }

    /** The change stamp, per project, of the visible versions of one name (what its index document depends on). */
    public List<ChangeStamp> stamps(List<Long> projectIds, String type, String normalizedName) {
        return packages.stamps(projectIds, type, normalizedName);
    }

    /** The change stamp of every visible package of a type in the projects (an index of names). */
    public ChangeStamp typeStamp(List<Long> projectIds, String type) { return packages.typeStamp(projectIds, type); }

    /** Stored bytes, read-only: what downloads stream from. */
    public BlobSource content() { return content; }

    /** The whole body of a stored file (a publish reading back what it stored). */
    public InputStream open(String sha256, long size) throws IOException {
        return content.open(sha256, 0, size)
                .orElseThrow(() -> new DepotException.NotFound("stored file " + sha256 + " is missing"));
    }

    /** Whether a package is in indexes and serves its files: published, not hidden, being written or deleted. */
    public static boolean isVisible(Package p) { return p.status() == PackageStatus.DEFAULT; }

    /**
     * Whether a package serves its files to whoever names them: also when hidden from lists (GitLab's generic
     * packages published with {@code status=hidden}), never while it is being written or deleted.
     */
    public static boolean servesFiles(Package p) {
        return p.status() != PackageStatus.PROCESSING && p.status() != PackageStatus.PENDING_DESTRUCTION;
    }
}

package depot.core.packages;

import depot.core.access.Principal;
import depot.core.blob.BlobStore;
import depot.core.blob.Checksum;
import depot.core.blob.StoredBlob;
import depot.core.db.AuditLog;
import depot.core.db.BlobRows;
import depot.core.db.Clock;
import depot.core.db.Database;
import depot.core.db.Directory;
import depot.core.db.Packages;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one publishing path of every format: bytes into the blob store first, then one transaction for the
 * package row, its files and an event. A failure at any point leaves at most an unreferenced blob, which gc
 * collects. Publishes of one package serialize on a lock (advisory lock on PostgreSQL, in-process on SQLite).
 * Thread-safe.
 */
public final class PackageService {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final AuditLog audit;
    private final Database database;
    private final BlobStore blobs;
    private final Packages packages;
    private final BlobRows blobRows;
    private final Directory directory;
    private final Clock clock;
    private final NameClaims claims;
    private final ProtectionRules protection;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> duplicateDefaults;
    private final PendingDigests pendingDigests;
    private final java.util.Set<String> deletedWhole;

    /**
     * {@code duplicateDefaults}: whether each format allows duplicates while its group has not said (a format not
     * named allows them), fixed when the formats are composed; {@code deletedWhole}: the types whose packages lose
     * no single file ({@link #deleteFile} refuses), only the whole package.
     */
    public PackageService(Database database, BlobStore blobs, Packages packages, Directory directory, Clock clock,
                          AuditLog audit, depot.core.access.AccessService access, Map<String, Boolean> duplicateDefaults,
                          PendingDigests pendingDigests, java.util.Set<String> deletedWhole) {
        this.duplicateDefaults = Map.copyOf(duplicateDefaults);
        this.deletedWhole = java.util.Set.copyOf(deletedWhole);
        this.pendingDigests = pendingDigests;
        this.audit = audit;
        this.database = database;
        this.blobs = blobs;
        this.packages = packages;
        this.blobRows = new BlobRows(database.jdbi());
        this.directory = directory;
        this.clock = clock;
        this.claims = new NameClaims(database.jdbi(), directory, clock);
        this.protection = new ProtectionRules(database.jdbi(), database.changeCounters()::directory, access, clock);
    }

    /** Who owns names at the instance endpoints. */
    public NameClaims claims() { return claims; }

    /** Which packages of a project only some roles may push or delete (checked by publish and delete here). */
    public ProtectionRules protection() { return protection; }

    /** Streams a body into the blob store (step 1 of publishing). Throws TooLarge past {@code maxBytes}. */
    public StoredBlob store(InputStream in, long maxBytes) throws IOException {
        return store(in, maxBytes, Set.of());
    }

    /**
     * {@link #store(InputStream, long)} for a format that checks or answers other digests before its 201 (a client's
     * checksum header, an npm integrity): those are computed on the way; the others of a large body are completed
     * after its publish.
     */
    public StoredBlob store(InputStream in, long maxBytes, Set<Checksum> wanted) throws IOException {
        // no row yet: the publish writes it in its own transaction, and gc finds a refused upload's bytes by walking
        // the store. A small body is made durable while the format checks it; publish and record wait for that.
        return blobs.stage(in, maxBytes, wanted);
    }

    /**
     * Writes the {@code blobs} row of stored bytes outside a publish, for a format whose own tables reference the
     * blob (the container registry's layers, manifests and upload chunks).
     */
    public void record(StoredBlob blob) {
        durable(blob);
        // a read first: bytes stored before (a retried or repeated upload) need no write, nor a writer's turn
        if (!blobRows.exists(blob.sha256())) blobRows.insert(blob.sha256(), blob.size(), clock.now());
    }

    /** Writes a package, its files and a "published" event in one transaction (step 3 of publishing). */
    public Package publish(Publication pub) {
        String key = lockKey(pub.project().id(), pub.type(), pub.normalizedName(), pub.version());
        protection.requirePush(pub.project(), pub.type(), pub.name(), pub.normalizedName(), pub.actor());
        // the group's duplicate rule (a user's pattern) is read and matched before any lock or transaction is taken
        boolean duplicatesAllowed = duplicatesAllowed(pub.project(), pub.type(), pub.name(), pub.version());
        Package published = locked(key, h -> {
            long now = clock.now();
            if (pub.claim() != null) claims.require(pub.claim(), pub.normalizedName(), pub.project());
            Long userId = pub.actor().user() == null ? null : pub.actor().user().id();
            Long jobId = pub.actor() instanceof Principal.JobPrincipal j ? j.job().id() : null;
            Optional<Package> existing =
                    packages.find(pub.project().id(), pub.type(), pub.normalizedName(), pub.version());
            if (existing.isPresent() && existing.get().status() == PackageStatus.PENDING_DESTRUCTION) {
                throw new DepotException.Conflict("package is being deleted");
            }
            // the stored files a rule below needs, read once: those named like a new file (replacement, duplicates)
            // and those the check asks for
            boolean readFiles = pub.check() != null || pub.replaces() != null || !duplicatesAllowed;
            List<PackageFile> named = existing.isPresent() && readFiles
                    ? packages.files(existing.get().id(), pub.namesRead()) : List.of();
            if (pub.check() != null && !pub.check().proceed(existing, named)) {
                return existing.orElseThrow(() -> new IllegalStateException("nothing stored to answer"));
            }
            java.util.Set<String> newNames = newNames(pub);
            List<PackageFile> sameName = named.stream().filter(f -> newNames.contains(f.fileName())).toList();
            Package stored;
            if (existing.isPresent()) {
                Package p = existing.get();
                if (pub.immutableVersion()) {
                    throw new DepotException.Forbidden("You cannot publish over the previously published versions: "
                            + pub.version());
                }
                if (!duplicatesAllowed) checkDuplicate(pub, sameName);
                // status and metadata merges see the package as stored now, under the lock: no update is lost
                stored = packages.update(p, pub.statusFor(existing), pub.metadataFor(existing), now);
            } else {
                stored = packages.insert(pub.project().id(), pub.type(), pub.name(), pub.normalizedName(),
                        pub.version(), pub.statusFor(existing), pub.metadataFor(existing), userId, jobId, now);
            }
            long packageId = stored.id();
            if (pub.replaces() != null) {
                for (PackageFile old : sameName) {
                    if (pub.replaces().test(old)) packages.deleteFile(old.id());
                }
            }
            for (NewFile f : pub.files()) {
                if (pub.replaceSameName()) packages.deleteFiles(packageId, f.fileName());
                StoredBlob b = f.blob();
                blobRows.insert(b.sha256(), b.size(), now);
                packages.insertFile(packageId, f.fileName(), b.size(), b.sha256(), PendingDigests.stored(b.md5()),
                        PendingDigests.stored(b.sha1()), PendingDigests.stored(b.sha512()), f.metadata(), jobId, now);
            }
            packages.insertEvent(pub.project().id(), packageId, pub.type(), pub.name(), pub.version(), "published",
                    userId, deployTokenId(pub.actor()), jobId, now);
            // last before the commit: the files' bytes were being synced while everything above ran
            for (NewFile f : pub.files()) durable(f.blob());
            if (pub.tags().isEmpty()) return stored;
            for (String tag : pub.tags()) packages.setTag(stored, tag, now);
            return packages.get(packageId).orElseThrow();
        });
        for (NewFile f : pub.files()) {
            if (!f.blob().complete()) pendingDigests.schedule(f.blob().sha256(), f.blob().size());
        }
        return published;
    }

    /** Waits until a stored body is durable: no row may reference bytes a crash could still lose. */
    private void durable(StoredBlob blob) {
        try {
            blobs.awaitDurable(blob.sha256());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the upload could not be stored", e);
        }
    }

    private static java.util.Set<String> newNames(Publication pub) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (NewFile f : pub.files()) names.add(f.fileName());
        return names;
    }

    /** {@code sameName}: the stored files named like a new one. */
    private void checkDuplicate(Publication pub, List<PackageFile> sameName) {
        // with a replacement rule, only the files it would replace count (Conan: the same file of the same revision)
        List<String> names = sameName.stream().filter(f -> pub.replaces() == null || pub.replaces().test(f))
                .map(PackageFile::fileName).toList();
        boolean clash = pub.files().isEmpty() || pub.files().stream().anyMatch(f -> names.contains(f.fileName()));
        if (clash) throw duplicate();
    }

    /**
     * The duplicate check a format runs before it reads an upload's body, so that a refused file costs no transfer;
     * {@link #publish} checks again under the package lock.
     */
    public void requireNotDuplicate(Project project, String type, String normalizedName, String version,
                                    String fileName) {
        if (duplicatesAllowed(project, type, normalizedName, version)) return;
        boolean exists = packages.find(project.id(), type, normalizedName, version)
                .map(p -> packages.files(p.id()).stream().anyMatch(f -> f.fileName().equals(fileName)))
                .orElse(false);
        if (exists) throw duplicate();
    }

    private static DepotException duplicate() {
        return new DepotException.Conflict("Duplicate package is not allowed");
    }

    /** Whether a package of {@code type} may lose one file on its own ({@link #deleteFile}). */
    public boolean deletesFilesOneByOne(String type) { return !deletedWhole.contains(type); }

    public boolean duplicatesAllowedByDefault(String type) { return duplicateDefaults.getOrDefault(type, true); }

    /**
     * GitLab's duplicate setting of the project's root group: {@code <type>_duplicates_allowed} (default: the format's,
     * see {@link #duplicatesAllowedByDefault}) and
     * {@code <type>_duplicate_exception_regex}, which re-allows names or versions that match it.
     */
    public boolean duplicatesAllowed(Project project, String type, String name, String version) {
        List<Namespace> lineage = directory.lineage(project.namespaceId());
        boolean byDefault = duplicatesAllowedByDefault(type);
        if (lineage.isEmpty()) return byDefault;
        Optional<String> stored = directory.packageSettings(lineage.get(lineage.size() - 1).id());
        JsonNode settings = stored.map(JSON::readTree).orElse(JSON.createObjectNode());
        if (settings.path(type + "_duplicates_allowed").asBoolean(byDefault)) return true;
        String regex = settings.path(type + "_duplicate_exception_regex").asString("");
        if (regex.isEmpty()) return false;
        try {
            UserPattern p = UserPattern.compile(regex, "the duplicate exception pattern");
            return p.find(name) || p.find(version);
        } catch (DepotException.Invalid e) {
            return false;   // stored before patterns were checked as RE2: it re-allows nothing
        }
    }

    /** Points a tag (an npm dist-tag) at a package, taking it from the other versions of the name. */
    public void setTag(Package pkg, String tag) {
        database.jdbi().useTransaction(h -> packages.setTag(pkg, tag, clock.now()));
    }

    /** Removes a tag from the versions of a package name in a project; false when no version had it. */
    public boolean deleteTag(long projectId, String type, String normalizedName, String tag) {
        return database.jdbi().inTransaction(h -> packages.deleteTag(projectId, type, normalizedName, tag, clock.now()));
    }

    /**
     * Changes a package's metadata JSON outside a publish (an npm deprecation, a Maven plugin's prefix): {@code change}
     * gets the metadata as stored now (null when there is none) and returns the new value, or the same string to
     * change nothing. It runs under the package's lock, in one transaction, so it loses no concurrent publish's merge
     * and no other change. Answers the package as stored afterwards.
     */
    public Package changeMetadata(Package pkg, java.util.function.UnaryOperator<String> change) {
        return locked(lockKey(pkg.projectId(), pkg.packageType(), pkg.normalizedName(), pkg.version()), h -> {
            Package now = packages.get(pkg.id())
                    .orElseThrow(() -> new DepotException.NotFound("404 Package Not Found"));
            String changed = change.apply(now.metadata());
            if (java.util.Objects.equals(changed, now.metadata())) return now;
            return packages.update(now, now.status().value(), changed, clock.now());
        });
    }

    private static String lockKey(long projectId, String type, String normalizedName, String version) {
        return projectId + "/" + type + "/" + normalizedName + "/" + version;
    }

    /** Runs {@code body} in a transaction holding the lock of one package version (all nodes on PostgreSQL). */
    private <T> T locked(String key, org.jdbi.v3.core.HandleCallback<T, RuntimeException> body) {
        // publishes made at once share a commit on SQLite: the pages they all touch go to the log once per burst
        return withPackageLock(key, () -> database.inSharedCommit(h -> {
            if (database.dialect() == Database.Dialect.POSTGRES) {
                h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:k))").bind("k", key).mapTo(String.class).one();
            }
            return body.withHandle(h);
        }));
    }

    /** Deletes a package and its files; their blobs are left to gc. */
    public void delete(Package pkg, Principal actor) {
        requireDelete(pkg, actor);
        database.jdbi().useTransaction(h -> {
            packages.delete(pkg.id());
            packages.insertEvent(pkg.projectId(), pkg.id(), pkg.packageType(), pkg.name(), pkg.version(), "deleted",
                    actor.user() == null ? null : actor.user().id(), deployTokenId(actor),
                    actor instanceof Principal.JobPrincipal j ? j.job().id() : null, clock.now());
        });
        audit.record(actor, "package_deleted", "Package", pkg.id(), pkg.packageType() + " " + pkg.name() + " "
                + pkg.version() + " in project " + pkg.projectId());
    }

    /** Deletes one file; a package left with no files goes too, as in GitLab. */
    public void deleteFile(Package pkg, PackageFile file, Principal actor) {
        if (!deletesFilesOneByOne(pkg.packageType())) {
            throw new DepotException.Invalid("a " + pkg.packageType() + " package is deleted whole, not file by file "
                    + "(its clients need every file of a version): delete package " + pkg.id());
        }
        deleteFiles(pkg, List.of(file), actor);
    }

    /** Deletes files of one package in one transaction (a Conan revision); a package left with none goes too. */
    public void deleteFiles(Package pkg, List<PackageFile> files, Principal actor) {
        requireDelete(pkg, actor);
        database.jdbi().useTransaction(h -> {
            for (PackageFile file : files) packages.deleteFile(file.id());
            if (packages.files(pkg.id()).isEmpty()) delete(pkg, actor);
            else packages.touch(pkg.id(), clock.now());   // the indexes listing its files change
        });
    }

    private void requireDelete(Package pkg, Principal actor) {
        directory.project(pkg.projectId()).ifPresent(project ->
                protection.requireDelete(project, pkg.packageType(), pkg.name(), pkg.normalizedName(), actor));
    }

    private static Long deployTokenId(Principal actor) {
        return actor instanceof Principal.DeployTokenPrincipal d ? d.token().id() : null;
    }

    private <T> T withPackageLock(String key, java.util.function.Supplier<T> body) {
        if (database.dialect() == Database.Dialect.POSTGRES) return body.get();
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
            if (!lock.hasQueuedThreads()) locks.remove(key, lock);
        }
    }
}

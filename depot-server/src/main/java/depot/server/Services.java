package depot.server;

import depot.core.access.AccessService;
import depot.core.access.Authenticator;
import depot.core.access.Secrets;
import depot.core.blob.BlobStore;
import depot.core.blob.FsBlobStore;
import depot.core.blob.S3BlobStore;
import depot.core.db.AuditLog;
import depot.core.db.BlobRows;
import depot.core.db.Clock;
import depot.core.db.Database;
import depot.core.db.Directory;
import depot.core.db.Identities;
import depot.core.db.Packages;
import depot.core.identity.DirectoryService;
import depot.core.packages.Maintenance;
import depot.core.packages.PackageReads;
import depot.core.packages.PackageService;
import depot.core.packages.PendingDigests;
import depot.http.FormatContext;
import depot.http.PackageFormat;
import java.io.IOException;
import java.util.ServiceLoader;

/** The services of one Depot, shared by the HTTP server and the CLI. */
public record Services(Database database, BlobStore blobs, Directory directory, Identities identities,
                       Packages packages, Secrets secrets, Authenticator authenticator, AccessService access,
                       PackageService packageService, PackageReads reads, DirectoryService directoryService,
                       Maintenance maintenance, Clock clock, AuditLog audit, PendingDigests pendingDigests,
                       depot.core.upstream.Upstreams upstreams) {

    public static Services open(Config config, Clock clock) throws IOException {
        java.util.List<PackageFormat> formats = formats();
        Database db = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                migrations(formats));
        S3BlobStore.Settings s3 = config.s3();
        BlobStore blobs = s3 != null ? new S3BlobStore(s3) : new FsBlobStore(config.blobDir());
        Directory directory = new Directory(db);
        Identities identities = new Identities(db);
        Packages packages = new Packages(db);
        Secrets secrets = new Secrets(config.intSetting("password_hash_cost", Secrets.DEFAULT_PASSWORD_HASH_COST));
        AuditLog audit = new AuditLog(db.jdbi(), clock);
        AccessService access = new AccessService(directory, clock);
        PendingDigests pendingDigests = new PendingDigests(packages, blobs);
        var upstreams = new depot.core.upstream.Upstreams(new depot.core.db.UpstreamRows(db.jdbi()), directory, clock);
        java.util.List<depot.core.packages.Housekeeper> housekeepers = new java.util.ArrayList<>();
        formats.forEach(f -> housekeepers.addAll(f.housekeepers(db)));
        housekeepers.add(upstreams);
        return new Services(db, blobs, directory, identities, packages, secrets,
                new Authenticator(identities, secrets, clock), access,
                new PackageService(db, blobs, packages, directory, clock, audit, access, duplicateDefaults(formats),
                        pendingDigests, formats.stream().filter(f -> !f.deletesFilesOneByOne()).map(PackageFormat::type)
                                .collect(java.util.stream.Collectors.toSet())),
                new PackageReads(packages, blobs, pendingDigests, db.changeCounters()::packages,
                        new depot.core.db.DownloadCounts(db.jdbi(), clock)),
                new DirectoryService(db, directory, identities, secrets, clock),
                new Maintenance(blobs, new BlobRows(db.jdbi()), clock, housekeepers),
                clock, audit, pendingDigests, upstreams);
    }

    /** What the formats see of these services, writing URLs on the configuration's external URL. */
    public FormatContext formatContext(Config config, java.util.List<PackageFormat> formats) {
        return new FormatContext(packageService, reads, access, directory, config.externalUrl(),
                new FormatContext.Limits(config.maxUploadBytes(), config.maxUploadBytesPerType(), formats.stream()
                        .collect(java.util.stream.Collectors.toMap(PackageFormat::type, PackageFormat::defaultMaxUploadBytes))),
                database, authenticator, clock, config.options(), audit,
                new depot.http.UpstreamCache(upstreams, packageService, reads, clock,
                        config.boolSetting("upstream_local_network", false)));
    }

    /** The formats on the class path: the composition's one source of formats. */
    public static java.util.List<PackageFormat> formats() {
        return ServiceLoader.load(PackageFormat.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** Where each format with tables of its own keeps its migrations. */
    static java.util.Map<String, String> migrations(java.util.List<PackageFormat> formats) {
        java.util.Map<String, String> migrations = new java.util.HashMap<>();
        formats.stream().filter(f -> f.migrations() != null).forEach(f -> migrations.put(f.type(), f.migrations()));
        return migrations;
    }

    /** Each format's duplicate default. */
    static java.util.Map<String, Boolean> duplicateDefaults(java.util.List<PackageFormat> formats) {
        java.util.Map<String, Boolean> defaults = new java.util.HashMap<>();
        formats.forEach(f -> defaults.put(f.type(), f.duplicatesAllowedByDefault()));
        return defaults;
    }
}

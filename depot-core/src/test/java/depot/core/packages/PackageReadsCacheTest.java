package depot.core.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.blob.FsBlobStore;
import depot.core.db.BlobRows;
import depot.core.db.Clock;
import depot.core.db.Database;
import depot.core.db.Directory;
import depot.core.db.DownloadCounts;
import depot.core.db.Packages;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format's download path finds its file through the read service: a name's versions and their files, a file by
 * name or by digest, a package by id. On a real SQLite database: those reads cost no query while no package changes,
 * and see every change at once.
 */
class PackageReadsCacheTest {
    private static final String SHA = "a".repeat(64);
    @TempDir Path dir;

    @Test
    void a_downloads_lookups_are_kept_while_no_package_changes_and_read_again_after_any_change() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("r.db"), null, null)) {
            Fixture f = fixture(db);
            Packages packages = f.packages();
            PackageReads reads = f.reads();
            long project = f.project();
            List<Long> ids = List.of(project);
            long v1 = f.v1();

            AtomicInteger selects = new AtomicInteger();
            db.jdbi().setSqlLogger(new SqlLogger() {
                @Override
                public void logAfterExecution(StatementContext c) {
                    // reads of the package tables (the change counters' own reads are not counted)
                    String sql = c.getRenderedSql();
                    if (sql.contains("FROM packages") || sql.contains("FROM package_files")) selects.incrementAndGet();
                }
            });
            Runnable lookups = () -> {
                reads.versions(ids, "generic", "a");
                reads.filesOf(List.of(v1));
                reads.filesNamed(ids, "generic", "a-1.0.bin");
                reads.fileByDigest(ids, "generic", SHA, "a-1.0.bin");
                reads.get(v1);
            };
            lookups.run();
            int first = selects.get();
            lookups.run();
            lookups.run();
            assertThat(first).as("one query per lookup").isEqualTo(5);
            assertThat(selects.get()).as("none for the same lookups while nothing changed").isEqualTo(first);

            long v2 = publish(packages, project, "2.0", "a-2.0.bin", 2L);
            assertThat(reads.versions(ids, "generic", "a")).extracting(Package::version).containsExactly("1.0", "2.0");
            assertThat(reads.filesNamed(ids, "generic", "a-2.0.bin")).extracting(PackageFile::packageId)
                    .containsExactly(v2);
            packages.delete(v1);
            assertThat(reads.get(v1)).isEmpty();
            assertThat(reads.fileByDigest(ids, "generic", SHA, "a-1.0.bin")).isEmpty();
            assertThat(reads.filesOf(List.of(v1))).isEmpty();
            assertThat(reads.versions(ids, "generic", "a")).extracting(Package::version).containsExactly("2.0");
        }
    }

    @Test
    void what_the_caches_hand_out_cannot_be_changed_by_a_caller() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("m.db"), null, null)) {
            Fixture f = fixture(db);
            List<Package> versions = f.reads().versions(List.of(f.project()), "generic", "a");
            assertThatThrownBy(() -> versions.add(versions.get(0))).isInstanceOf(UnsupportedOperationException.class);
            var files = f.reads().filesOf(List.of(f.v1()));
            assertThatThrownBy(() -> files.get(f.v1()).clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> files.remove(f.v1())).isInstanceOf(UnsupportedOperationException.class);
            assertThat(f.reads().versions(List.of(f.project()), "generic", "a")).hasSize(1);
        }
    }

    /** A project holding version 1.0 of the generic package "a", and the read service over it. */
    private record Fixture(Packages packages, PackageReads reads, long project, long v1) {}

    private Fixture fixture(Database db) throws java.io.IOException {
        Directory directory = new Directory(db);
        Packages packages = new Packages(db);
        FsBlobStore blobs = new FsBlobStore(dir.resolve("blobs"));
        PackageReads reads = new PackageReads(packages, blobs, new PendingDigests(packages, blobs),
                db.changeCounters()::packages, new DownloadCounts(db.jdbi(), Clock.SYSTEM));
        long ns = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
        long project = directory.insertProject(ns, "p", "p", "g/p", "private", true, null, null, 1L);
        new BlobRows(db.jdbi()).insert(SHA, 3, 1L);
        return new Fixture(packages, reads, project, publish(packages, project, "1.0", "a-1.0.bin", 1L));
    }

    private static long publish(Packages packages, long project, String version, String file, long now) {
        long id = packages.insert(project, "generic", "a", "a", version, "default", null, null, null, now).id();
        packages.insertFile(id, file, 3, SHA, "b".repeat(32), "c".repeat(40), "d".repeat(128), null, null, now);
        return id;
    }
}

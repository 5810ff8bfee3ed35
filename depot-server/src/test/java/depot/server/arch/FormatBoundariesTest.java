package depot.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The format SPI's boundaries (docs/adding-a-format.md): a format reads through {@code PackageReads}, writes through
 * {@code PackageService} and looks projects up through {@code DirectoryReads}; it never holds a DAO, the blob store
 * or the database of the packages, and no format knows another. Core, http and server name no format, so a new
 * format is its own module plus the lines that put it on the class path.
 */
class FormatBoundariesTest {
    private static final JavaClasses DEPOT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("depot");

    @Test
    void formats_use_no_dao_and_no_blob_store() {
        noClasses().that().resideInAPackage("depot.format..")
                .should().dependOnClassesThat().belongToAnyOf(depot.core.db.Packages.class,
                        depot.core.db.Directory.class, depot.core.db.Identities.class, depot.core.db.WebSessions.class,
                        depot.core.blob.BlobStore.class, depot.core.blob.FsBlobStore.class,
                        depot.core.blob.S3BlobStore.class)
                .because("formats read through PackageReads and DirectoryReads and write through PackageService")
                .check(DEPOT);
    }

    @Test
    void only_a_formats_own_stores_touch_the_database() {
        noClasses().that().resideInAPackage("depot.format..").and().haveSimpleNameNotEndingWith("Store")
                .and().haveSimpleNameNotEndingWith("Gc").and().haveSimpleNameNotEndingWith("Cleanup")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("depot.core.db.Rows")
                .because("packages are written by PackageService in its one publishing transaction; a format's own "
                        + "tables (the container registry's) are reached through its store classes only")
                .check(DEPOT);
    }

    @Test
    void no_format_knows_another() {
        slices().matching("depot.format.(*)..").should().notDependOnEachOther().check(DEPOT);
    }

    @Test
    void core_http_and_server_name_no_format() {
        noClasses().that().resideInAnyPackage("depot.core..", "depot.http..", "depot.server..")
                .should().dependOnClassesThat().resideInAPackage("depot.format..")
                .because("formats are found with ServiceLoader; the server composes whatever is on the class path")
                .check(DEPOT);
    }
}

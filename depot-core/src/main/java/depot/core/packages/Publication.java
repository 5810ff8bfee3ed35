package depot.core.packages;

import depot.core.access.Principal;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything one publish writes in one transaction. {@code replaceFiles} drops earlier files of the same name
 * (formats whose clients overwrite, such as maven-metadata.xml); otherwise files accumulate as in GitLab.
 * {@code tags} (npm dist-tags) move to this version from any other version of the same package name.
 * {@code newVersionOnly} refuses (403) a version that already exists, whatever the duplicate settings: formats
 * whose versions are immutable (npm) set it, and the check runs under the package lock. {@code replaces}, when
 * given, picks earlier files of the package that this publish replaces, under the same lock (a Conan file
 * uploaded again into the same revision); where duplicates are not allowed, only those files count as duplicates.
 * {@code claim}, when given, is checked and recorded in the same transaction: a name another root namespace owns is
 * refused (403).
 */
public record Publication(Project project, String type, String name, String normalizedName, String version,
                          String status, String metadata, List<NewFile> files, Principal actor,
                          boolean replaceFiles, List<String> tags, boolean newVersionOnly,
                          Predicate<PackageFile> replaces, NameClaims.Claim claim) {

    public Publication(Project project, String type, String name, String normalizedName, String version,
                       String status, String metadata, List<NewFile> files, Principal actor,
                       boolean replaceFiles, List<String> tags, boolean newVersionOnly,
                       Predicate<PackageFile> replaces) {
        this(project, type, name, normalizedName, version, status, metadata, files, actor, replaceFiles, tags,
                newVersionOnly, replaces, null);
    }

    /** This publication, which also claims its name for the project's root namespace (see {@link NameClaims}). */
    public Publication claiming(NameClaims.Claim claim) {
        return new Publication(project, type, name, normalizedName, version, status, metadata, files, actor,
                replaceFiles, tags, newVersionOnly, replaces, claim);
    }

    public Publication(Project project, String type, String name, String normalizedName, String version,
                       String status, String metadata, List<NewFile> files, Principal actor,
                       boolean replaceFiles, List<String> tags, boolean newVersionOnly) {
        this(project, type, name, normalizedName, version, status, metadata, files, actor, replaceFiles, tags,
                newVersionOnly, null);
    }

    public Publication(Project project, String type, String name, String normalizedName, String version,
                       String status, String metadata, List<NewFile> files, Principal actor, boolean replaceFiles) {
        this(project, type, name, normalizedName, version, status, metadata, files, actor, replaceFiles, List.of(),
                false);
    }
}

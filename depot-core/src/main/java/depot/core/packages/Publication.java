package depot.core.packages;

import depot.core.access.Principal;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Everything one publish writes in one transaction, built with {@link #of} and named rules:
 * <ul>
 * <li>files accumulate, as in GitLab, unless {@link Builder#replacingSameName} drops earlier files of the same name
 *     (clients that overwrite) or {@link Builder#replacing} picks, among earlier files named as a new one, those this
 *     publish replaces (a Conan file uploaded again into the same revision; where duplicates are not allowed, only
 *     those count);</li>
 * <li>{@link Builder#immutableVersion} refuses (403) a version that already exists, whatever the duplicate
 *     settings (npm);</li>
 * <li>the package's status and metadata are either given, or computed by {@link Builder#status(Function)} and
 *     {@link Builder#mergeMetadata} from the stored package <em>under the package lock</em>, so two concurrent
 *     uploads to one package never lose each other's update;</li>
 * <li>{@code tags} (npm dist-tags) move to this version from any other version of the same name;</li>
 * <li>a {@link Builder#claiming claim} is checked and recorded in the same transaction (a name another root
 *     namespace owns is refused, 403);</li>
 * <li>a {@link Builder#checking check} sees the stored package and some of its files under the lock, before anything
 *     is written, and may refuse the publish or make it write nothing.</li>
 * </ul>
 */
public final class Publication {
    private final Project project;
    private final String type;
    private final String name;
    private final String normalizedName;
    private final String version;
    private final Function<Optional<Package>, String> status;
    private final UnaryOperator<String> metadata;
    private final List<NewFile> files;
    private final Principal actor;
    private final boolean replaceSameName;
    private final Predicate<PackageFile> replaces;
    private final List<String> tags;
    private final boolean immutableVersion;
    private final NameClaims.Claim claim;
    private final java.util.Set<String> checkedNames;
    private final Check check;

    /** A {@link Builder#checking} rule. */
    @FunctionalInterface
    public interface Check {
        /**
         * Sees the package as stored (empty when new) and its files named like a new file or one of the rule's names;
         * answers whether to publish (false: write nothing, the publish answers the stored package) or throws to
         * refuse it.
         */
        boolean proceed(Optional<Package> stored, List<PackageFile> files);
    }

    private Publication(Builder b) {
        this.project = Objects.requireNonNull(b.project, "project");
        this.type = Objects.requireNonNull(b.type, "type");
        this.name = Objects.requireNonNull(b.name, "name");
        this.normalizedName = b.normalizedName != null ? b.normalizedName : b.name;
        this.version = Objects.requireNonNull(b.version, "version");
        this.status = b.status;
        this.metadata = b.metadata;
        this.files = List.copyOf(b.files);
        this.actor = Objects.requireNonNull(b.actor, "actor: who publishes");
        this.replaceSameName = b.replaceSameName;
        this.replaces = b.replaces;
        this.tags = List.copyOf(b.tags);
        this.immutableVersion = b.immutableVersion;
        this.claim = b.claim;
        this.checkedNames = java.util.Set.copyOf(b.checkedNames);
        this.check = b.check;
    }

    /** A publish of {@code name} (its own normalized form unless {@link Builder#normalizedName} says otherwise). */
    public static Builder of(Project project, String type, String name, String version) {
        return new Builder(project, type, name, version);
    }

    public Project project() { return project; }

    public String type() { return type; }

    public String name() { return name; }

    public String normalizedName() { return normalizedName; }

    public String version() { return version; }

    public List<NewFile> files() { return files; }

    public Principal actor() { return actor; }

    public boolean replaceSameName() { return replaceSameName; }

    public Predicate<PackageFile> replaces() { return replaces; }

    public List<String> tags() { return tags; }

    public boolean immutableVersion() { return immutableVersion; }

    public NameClaims.Claim claim() { return claim; }

    public Check check() { return check; }

    /** The names of the files the publish reads under the lock: the new files' and those its check asks for. */
    java.util.Set<String> namesRead() {
        java.util.Set<String> names = new java.util.HashSet<>(checkedNames);
        for (NewFile f : files) names.add(f.fileName());
        return names;
    }

    /** The status to store, given the package as stored now (empty for a new one); run under the package lock. */
    String statusFor(Optional<Package> stored) { return status.apply(stored); }

    /** The metadata to store, given the stored package's (null for a new one); run under the package lock. */
    String metadataFor(Optional<Package> stored) { return metadata.apply(stored.map(Package::metadata).orElse(null)); }

    public static final class Builder {
        private final Project project;
        private final String type;
        private final String name;
        private final String version;
        private String normalizedName;
        private Function<Optional<Package>, String> status = stored -> PackageStatus.DEFAULT.value();
        private UnaryOperator<String> metadata = stored -> stored;
        private final List<NewFile> files = new ArrayList<>();
        private Principal actor;
        private boolean replaceSameName;
        private Predicate<PackageFile> replaces;
        private final List<String> tags = new ArrayList<>();
        private boolean immutableVersion;
        private NameClaims.Claim claim;
        private java.util.Set<String> checkedNames = java.util.Set.of();
        private Check check;

        private Builder(Project project, String type, String name, String version) {
            this.project = project;
            this.type = type;
            this.name = name;
            this.version = version;
        }

        public Builder normalizedName(String normalized) {
            this.normalizedName = normalized;
            return this;
        }

        /** Who publishes (the request's principal): recorded in the package's events, checked by protection rules. */
        public Builder by(Principal actor) {
            this.actor = actor;
            return this;
        }

        public Builder file(NewFile file) {
            files.add(file);
            return this;
        }

        public Builder files(List<NewFile> more) {
            files.addAll(more);
            return this;
        }

        /** The status to store (default: {@code default}). */
        public Builder status(PackageStatus s) {
            this.status = stored -> s.value();
            return this;
        }

        /** The status to store, from the package as stored under the lock (empty when this publish creates it). */
        public Builder status(Function<Optional<Package>, PackageStatus> rule) {
            this.status = stored -> rule.apply(stored).value();
            return this;
        }

        /** Metadata JSON that replaces the stored one; null (the default) keeps what is stored. */
        public Builder metadata(String json) {
            this.metadata = json == null ? stored -> stored : stored -> json;
            return this;
        }

        /** Metadata computed from the stored JSON (null for a new package) under the package lock. */
        public Builder mergeMetadata(UnaryOperator<String> merge) {
            this.metadata = merge;
            return this;
        }

        /** Earlier files with the same name as a new one are dropped (clients that overwrite files). */
        public Builder replacingSameName() {
            this.replaceSameName = true;
            return this;
        }

        /**
         * Earlier files this publish replaces, picked under the lock among those with the name of a new file (only
         * they are read, so a package of many files costs no more than one of few).
         */
        public Builder replacing(Predicate<PackageFile> which) {
            this.replaces = which;
            return this;
        }

        /** The version may not exist yet (403 if it does), whatever the duplicate settings. */
        public Builder immutableVersion() {
            this.immutableVersion = true;
            return this;
        }

        public Builder tags(List<String> names) {
            tags.addAll(names);
            return this;
        }

        /** Claims the name for the project's root namespace (see {@link NameClaims}). */
        public Builder claiming(NameClaims.Claim c) {
            this.claim = c;
            return this;
        }

        /**
         * A rule run under the package lock, in the publish's transaction, before anything is written (and before the
         * duplicate rules): it sees the stored package and its files named like a new file or one of {@code names},
         * read once together with those the publish replaces, so a format needs no read of its own beforehand. It may
         * refuse the publish by throwing, or answer false to write nothing (the same bytes sent again).
         */
        public Builder checking(java.util.Set<String> names, Check rule) {
            this.checkedNames = names;
            this.check = rule;
            return this;
        }

        public Publication build() { return new Publication(this); }
    }
}

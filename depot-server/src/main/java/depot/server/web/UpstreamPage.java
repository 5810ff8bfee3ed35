package depot.server.web;

import depot.core.access.AccessService;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.core.upstream.Upstreams;
import depot.http.FormatPage;
import depot.http.FormatPage.Block;
import depot.http.FormatPage.Cell;
import depot.http.FormatPage.Field;
import depot.http.PackageFormat;
import depot.http.PageRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /groups/:group/-/upstreams} (and the instance's, {@code /admin/upstreams}, for administrators): the
 * upstream registries in order (no credentials shown) and what was
 * cached from each, for Reporters and up: files grouped by the package and version they belong to (as the format
 * reads its paths), newest first, then the metadata documents. Maintainers add, edit, reorder and delete upstreams,
 * and delete cached packages and documents, with forms that work without JavaScript; the REST API does the same.
 */
final class UpstreamPage implements PageRoutes.Page<Namespace> {
    static final String NAME = "upstreams";
    /** The newest entries of an upstream the page reads (and groups); the API lists them all. */
    private static final int ENTRIES_READ = 2_000;
    private static final int DOCUMENTS_SHOWN = 50;
    private static final Pattern ACTION = Pattern.compile("add|(\\d{1,18})/(edit|delete|package/delete|entries/(\\d{1,18})/delete)");
    private final Upstreams upstreams;
    private final AccessService access;
    private final depot.core.db.DirectoryReads directory;
    private final String externalUrl;
    private final Map<String, PackageFormat> formats;

    UpstreamPage(Upstreams upstreams, AccessService access, depot.core.db.DirectoryReads directory, String externalUrl,
                 Map<String, PackageFormat> formats) {
        this.directory = directory;
        this.upstreams = upstreams;
        this.access = access;
        this.externalUrl = externalUrl;
        this.formats = formats;
    }

    private boolean atLeast(Principal viewer, Namespace group, AccessLevel level) {
        return viewer.user() != null && (viewer.user().admin()
                || access.namespaceLevel(viewer.user(), group.id()).atLeast(level));
    }

    /** Files cached from one upstream that belong to one package version (or a file alone). */
    private record Cached(String name, String version, List<CacheEntry> files) {
        long size() { return files.stream().mapToLong(CacheEntry::size).sum(); }

        long downloads() { return files.stream().mapToLong(CacheEntry::downloadsCount).sum(); }

        long newest() { return files.stream().mapToLong(CacheEntry::createdAt).max().orElse(0); }
    }

    @Override
    public FormatPage render(Principal viewer, Namespace group) { return render(viewer, group, null, Map.of()); }

    @Override
    public boolean visible(Principal viewer, Namespace group) { return atLeast(viewer, group, AccessLevel.REPORTER); }

    @Override
    public FormatPage render(Principal viewer, Namespace group, String action, Map<String, String> submitted) {
        if (!atLeast(viewer, group, AccessLevel.REPORTER)) throw AccessService.hidden(viewer, "404 Not Found");
        String path = group.fullPath();
        return page(group, path + " upstream registries", "Upstream registries of " + path,
                new FormatPage.Link("Packages", "/groups/" + path + "/-/packages"), String.join(", ", formats.keySet())
                        + " reads at this group go through these registries, in order, for what its projects do not "
                        + "have; what they send is kept here. A group without its own list for a format reads through "
                        + "its nearest ancestor's, else the instance's.",
                atLeast(viewer, group, AccessLevel.MAINTAINER), "/api/v4/groups/" + group.id() + "/-/upstreams",
                action, submitted);
    }

    /** {@code /admin/upstreams}: the instance's list, for administrators (its owner is null). */
    PageRoutes.Page<Namespace> instance() {
        return new PageRoutes.Page<>() {
            @Override
            public FormatPage render(Principal viewer, Namespace none) { return render(viewer, none, null, Map.of()); }

            @Override
            public FormatPage render(Principal viewer, Namespace none, String action, Map<String, String> submitted) {
                requireAdmin(viewer);
                return page(null, "Instance upstream registries", "Upstream registries of the instance",
                        new FormatPage.Link("Admin area", "/admin"), "npm and Maven reads at the instance's URLs go "
                                + "through these registries, in order; every group without a list of its own (or an "
                                + "ancestor's) for a format reads through the instance's. Their URLs may point "
                                + "anywhere, the local network too.", true, "/api/v4/upstreams", action, submitted);
            }

            @Override
            public String post(Principal viewer, Namespace none, String action, Map<String, String> values) {
                requireAdmin(viewer);
                return act(null, matched(action), values);
            }
        };
    }

    private static void requireAdmin(Principal viewer) {
        if (viewer.user() == null || !viewer.user().admin()) throw new DepotException.NotFound("404 Not Found");
    }

    /**
     * The page of {@code group}'s list (null: the instance's); a form refused a moment ago ({@code action}) shows
     * again, open, with what was typed.
     */
    private FormatPage page(Namespace group, String title, String heading, Block back, String intro,
                            boolean maintainer, String api, String action, Map<String, String> submitted) {
        Long owner = group == null ? null : group.id();
        List<Block> blocks = new ArrayList<>();
        blocks.add(back);
        blocks.add(new FormatPage.Text(intro, null));
        if (maintainer) {
            boolean again = "add".equals(action);
            blocks.add(new FormatPage.Fields("upstream-add", "Add an upstream", "add", "Add upstream", again,
                    fields(null, again ? submitted : Map.of())));
        }
        List<Upstream> own = upstreams.of(owner, null);
        if (own.isEmpty()) blocks.add(new FormatPage.Text("There are no upstreams here yet.", "empty"));
        if (group != null) blocks.addAll(inherited(group, own));
        for (Upstream u : own) {
            blocks.add(section(u, maintainer, api, (u.id() + "/edit").equals(action) ? submitted : null));
        }
        blocks.add(new FormatPage.Snippet("upstream-api", "The same through the API", "curl -H \"Private-Token: "
                + "$DEPOT_TOKEN\" -X POST " + externalUrl + api + " \\\n  -d package_type=npm "
                + "-d url=https://registry.example.org -d metadata_cache_validity_hours=24"));
        return new FormatPage(title, heading, blocks);
    }

    /**
     * For each format the group has no list of its own for: whose list its reads go through (an ancestor's, whose
     * page manages it, or the instance's, which administrators manage) — its cache is kept there, with that list.
     */
    private List<Block> inherited(Namespace group, List<Upstream> own) {
        List<Block> blocks = new ArrayList<>();
        for (String type : formats.keySet()) {
            if (own.stream().anyMatch(u -> u.packageType().equals(type))) continue;
            List<Upstream> through = upstreams.effective(group, type);
            if (through.isEmpty()) continue;
            Long from = through.get(0).namespaceId();
            String names = String.join(", ", through.stream().map(Upstream::name).toList());
            if (from == null) {
                blocks.add(new FormatPage.Text(type + " reads here go through the instance's upstreams (" + names
                        + "), which administrators manage, with what is cached from them.", "inherited"));
            } else {
                String path = directory.namespace(from).map(Namespace::fullPath).orElse("an ancestor group");
                blocks.add(new FormatPage.Text(type + " reads here go through the upstreams of " + path + " (" + names
                        + "); its page manages them and what is cached from them.", "inherited"));
                blocks.add(new FormatPage.Link("Upstream registries of " + path, "/groups/" + path + "/-/upstreams"));
            }
        }
        return blocks;
    }

    private Block section(Upstream u, boolean maintainer, String api, Map<String, String> submitted) {
        List<Block> inside = new ArrayList<>();
        inside.add(new FormatPage.Text(u.packageType() + " · " + u.url() + " · metadata re-checked "
                + hours(u.metadataCacheValidityHours(), "on every read") + " · files re-checked "
                + hours(u.cacheValidityHours(), "never") + (u.username() != null ? " · signs in as " + u.username() : "")
                + (u.description() != null ? " · " + u.description() : ""), null));
        if (maintainer) {
            inside.add(new FormatPage.Fields("upstream-edit-" + u.id(), "Edit " + u.name(), u.id() + "/edit",
                    "Save " + u.name(), submitted != null, fields(u, submitted == null ? Map.of() : submitted)));
            inside.add(new FormatPage.Form("Delete upstream " + u.name(), u.id() + "/delete", "Delete the upstream "
                    + u.name() + " and everything cached from it?", true));
        }
        List<CacheEntry> entries = upstreams.rows().entries(u.id(), 1, ENTRIES_READ);
        long count = upstreams.rows().countEntries(u.id());
        List<Cached> cached = packages(u, entries);
        List<List<Cell>> rows = cached.stream().map(c -> List.of(
                Cell.text(c.name()),
                Cell.text(c.version() == null ? "" : c.version()),
                Cell.text(c.files().size() == 1 ? c.files().get(0).fileName() : c.files().size() + " files"),
                Cell.size(c.size()),
                Cell.time(Instant.ofEpochMilli(c.newest()).toString()),
                Cell.text(String.valueOf(c.downloads())),
                Cell.form(maintainer ? deleteCached(u, c) : null))).toList();
        inside.add(new FormatPage.Section("upstream-" + u.id() + "-packages", "cached-packages",
                "Cached packages (" + cached.size() + ")", List.of(rows.isEmpty()
                        ? new FormatPage.Text("Nothing cached yet.", "empty")
                        : new FormatPage.Table("upstream-packages", List.of("Package", "Version", "Files", "Size",
                                "Fetched", "Downloads", ""), rows))));
        List<List<Cell>> documents = entries.stream().filter(e -> e.kind().equals(CacheEntry.METADATA))
                .limit(DOCUMENTS_SHOWN).map(e -> List.of(
                        Cell.code(e.relativePath(), null),
                        Cell.size(e.size()),
                        Cell.time(Instant.ofEpochMilli(e.upstreamCheckedAt()).toString()),
                        Cell.form(maintainer ? new FormatPage.Form("Delete " + e.relativePath(), u.id() + "/entries/"
                                + e.id() + "/delete", "Delete the cached " + e.relativePath()
                                + "? It is fetched again when asked for.", true) : null))).toList();
        if (!documents.isEmpty()) {
            inside.add(new FormatPage.Section("upstream-" + u.id() + "-documents", "cached-documents",
                    "Metadata documents", List.of(new FormatPage.Table("upstream-documents",
                            List.of("Path", "Size", "Checked", ""), documents))));
        }
        if (count > entries.size()) {
            inside.add(new FormatPage.Text("From the newest " + entries.size() + " of " + count + " cached entries; "
                    + "GET " + api + "/" + u.id() + "/cache_entries lists them all.", null));
        }
        return new FormatPage.Section("upstream-" + u.id(), "upstream", u.position() + ". " + u.name(), inside);
    }

    private static FormatPage.Form deleteCached(Upstream u, Cached c) {
        String what = c.version() == null ? c.name() : c.name() + " " + c.version();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", c.name());
        if (c.version() != null) values.put("version", c.version());
        return new FormatPage.Form("Delete " + what, u.id() + "/package/delete", "Delete the cached " + what
                + "? Its files are fetched again when asked for.", true, values);
    }

    private static String hours(int hours, String zero) {
        return hours == 0 ? zero : "after " + hours + " h";
    }

    /** The upstream's files by package version, newest first; a file whose path names no package stands alone. */
    private List<Cached> packages(Upstream u, List<CacheEntry> entries) {
        Map<String, Cached> byPackage = new LinkedHashMap<>();
        for (CacheEntry e : entries) {
            if (!e.kind().equals(CacheEntry.FILE)) continue;
            Optional<PackageFormat.CachedPackage> p = cachedPackage(u, e.relativePath());
            String key = p.map(x -> x.name() + "\u0000" + x.version()).orElse("\u0001" + e.relativePath());
            byPackage.computeIfAbsent(key, k -> new Cached(p.map(PackageFormat.CachedPackage::name)
                    .orElse(e.relativePath()), p.map(PackageFormat.CachedPackage::version).orElse(null),
                    new ArrayList<>())).files().add(e);
        }
        return new ArrayList<>(byPackage.values());
    }

    private Optional<PackageFormat.CachedPackage> cachedPackage(Upstream u, String relativePath) {
        PackageFormat f = formats.get(u.packageType());
        return f == null ? Optional.empty() : f.cachedPackage(relativePath);
    }

    /**
     * The fields of an upstream (null: a new one), or what was just typed into them ({@code typed}): a password is
     * never shown, and a blank one keeps the stored.
     */
    private List<Field> fields(Upstream u, Map<String, String> typed) {
        java.util.function.BiFunction<String, String, String> v = (name, stored) -> typed.containsKey(name)
                ? typed.get(name) : stored;
        String hours = String.valueOf(Upstreams.MAX_CACHE_VALIDITY_HOURS);
        List<Field> fields = new ArrayList<>();
        if (u == null) {
            fields.add(Field.select("package_type", "Format", v.apply("package_type", formats.keySet().iterator().next()),
                    List.copyOf(formats.keySet())));
        }
        fields.add(new Field("url", "URL", "url", v.apply("url", u == null ? null : u.url()), List.of(), true,
                "A Maven repository root, an npm registry root, or a PyPI simple index (as pip's --index-url)"
                        + (u == null ? "" : "; a new URL drops the stored credentials and what was cached")));
        fields.add(Field.text("name", "Name", v.apply("name", u == null ? null : u.name()), false,
                u == null ? "Default: the URL's host" : null));
        fields.add(Field.text("description", "Description", v.apply("description", u == null ? null : u.description()),
                false, null));
        fields.add(Field.text("username", "Username", v.apply("username", u == null ? null : u.username()), false,
                "Sent only to the URL's own host"));
        fields.add(new Field("password", "Password or token", "password", null, List.of(), false,
                u == null ? null : u.password() != null ? "Set; leave blank to keep it" : "Not set"));
        if (u != null && (u.username() != null || u.password() != null)) {
            fields.add(new Field("clear_credentials", "Remove the stored username and password", "checkbox",
                    v.apply("clear_credentials", null), List.of(), false, null));
        }
        fields.add(new Field("metadata_cache_validity_hours", "Re-check metadata after (hours)", "number",
                v.apply("metadata_cache_validity_hours", String.valueOf(u == null
                        ? Upstreams.DEFAULT_METADATA_CACHE_VALIDITY_HOURS : u.metadataCacheValidityHours())),
                List.of("0", hours), true, "0: on every read"));
        fields.add(new Field("cache_validity_hours", "Re-check files after (hours)", "number",
                v.apply("cache_validity_hours", String.valueOf(u == null ? Upstreams.DEFAULT_CACHE_VALIDITY_HOURS
                        : u.cacheValidityHours())), List.of("0", hours), true,
                "0: never (the upstream never changes a published file)"));
        fields.add(new Field("position", "Position", "number", v.apply("position", u == null ? null
                : String.valueOf(u.position())), List.of("1"), false, u == null ? "Default: last" : "1 is first"));
        return fields;
    }

    @Override
    public String post(Principal viewer, Namespace group, String action, Map<String, String> values) {
        Matcher m = matched(action);
        if (!atLeast(viewer, group, AccessLevel.REPORTER)) throw AccessService.hidden(viewer, "404 Not Found");
        if (!atLeast(viewer, group, AccessLevel.MAINTAINER)) throw new DepotException.Forbidden("403 Forbidden");
        return act(group.id(), m, values);
    }

    /** The action a form posted to, parsed; an action no form has is a 404. */
    private static Matcher matched(String action) {
        Matcher m = ACTION.matcher(action);
        if (!m.matches()) throw new DepotException.NotFound("404 Not Found");
        return m;
    }

    /** What a form of the list of {@code owner} (a group's id, or null: the instance's) does. */
    private String act(Long owner, Matcher m, Map<String, String> values) {
        if (m.group().equals("add")) {
            String type = values.get("package_type");
            if (type == null || !formats.containsKey(type)) {
                throw new DepotException.Invalid("package_type must be one of " + formats.keySet());
            }
            Upstream made = upstreams.create(owner, type, fields(values, true));
            return "Added the " + type + " upstream " + made.name() + " at position " + made.position() + ".";
        }
        long id = Long.parseLong(m.group(1));
        Upstream u = upstreams.find(id).filter(x -> java.util.Objects.equals(x.namespaceId(), owner))
                .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
        switch (m.group(2)) {
            case "edit" -> {
                Upstreams.Fields f = fields(values, false);
                if (f.url() != null && !Upstreams.checkedUrl(f.url()).equals(u.url())
                        && !"yes".equals(values.get("confirmed"))) {
                    throw new FormatPage.ConfirmFirst("Save " + u.name() + " with the new URL " + f.url().trim()
                            + "? A new URL drops the stored username and password (unless given again here) and "
                            + "everything cached from " + u.url() + ".");
                }
                Upstream saved = upstreams.update(u, f);
                return "Saved the upstream " + saved.name() + ".";
            }
            case "delete" -> {
                upstreams.delete(u);
                return "Deleted the upstream " + u.name() + " and what was cached from it.";
            }
            case "package/delete" -> {
                String name = values.get("name");
                String version = values.get("version");
                if (name == null) throw new DepotException.Invalid("name is missing");
                int deleted = 0;
                for (CacheEntry e : upstreams.rows().entries(u.id(), 1, ENTRIES_READ)) {
                    if (!e.kind().equals(CacheEntry.FILE)) continue;
                    Optional<PackageFormat.CachedPackage> p = cachedPackage(u, e.relativePath());
                    boolean same = p.isPresent() ? p.get().name().equals(name) && p.get().version().equals(version)
                            : version == null && e.relativePath().equals(name);
                    if (same && upstreams.rows().deleteEntry(e.id())) deleted++;
                }
                return "Deleted " + deleted + (deleted == 1 ? " cached file" : " cached files") + " of " + name
                        + (version == null ? "" : " " + version) + "; fetched again when asked for.";
            }
            default -> {
                long entry = Long.parseLong(m.group(3));
                CacheEntry e = upstreams.rows().entry(entry).filter(x -> x.upstreamId() == u.id())
                        .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
                upstreams.rows().deleteEntry(e.id());
                return "Deleted the cached " + e.relativePath() + "; fetched again when asked for.";
            }
        }
    }

    /**
     * A form's fields: blank means "not given" (on edit: unchanged), except a blank username, which clears it;
     * {@code clear_credentials} clears both.
     */
    private static Upstreams.Fields fields(Map<String, String> v, boolean create) {
        // the checkbox clears what is stored, unless a new password is typed beside it: then that and the username
        // field are the new credentials
        String password = given(v, "password");
        boolean clear = !create && "true".equals(v.get("clear_credentials")) && password == null;
        String username = create ? given(v, "username") : v.get("username");
        return new Upstreams.Fields(given(v, "name"), create ? given(v, "description") : v.get("description"),
                given(v, "url"), clear ? "" : username, clear ? "" : password, number(v, "cache_validity_hours"),
                number(v, "metadata_cache_validity_hours"), number(v, "position"));
    }

    private static String given(Map<String, String> v, String name) {
        String s = v.get(name);
        return s == null || s.isBlank() ? null : s;
    }

    /** A whole number as typed; one out of int's range is handed on as its bound, for the range check to name. */
    private static Integer number(Map<String, String> v, String name) {
        String s = given(v, name);
        if (s == null) return null;
        String t = s.trim();
        if (!t.matches("-?\\d{1,30}")) throw new DepotException.Invalid(name + " must be a whole number");
        if (t.length() > 10) return t.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        long n = Long.parseLong(t);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }
}

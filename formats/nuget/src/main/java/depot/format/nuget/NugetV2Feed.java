package depot.format.nuget;

import static depot.format.nuget.NugetRequests.base;
import static depot.format.nuget.NugetRequests.entries;
import static depot.format.nuget.NugetRequests.find;
import static depot.format.nuget.NugetSearch.MAX_TAKE;
import static depot.format.nuget.NugetSearch.hits;
import static depot.format.nuget.NugetSearch.intParam;
import static depot.format.nuget.NugetSearch.semVer2;

import depot.core.error.DepotException;
import depot.http.FormatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The v2 OData feed NuGet 2 clients read: the service document, {@code $metadata}, one entry, and feeds of
 * versions ({@code FindPackagesById()}, {@code Packages()}, {@code Search()}).
 */
final class NugetV2Feed {
    private static final Pattern ODATA_KEY = Pattern.compile(
            "Packages\\(Id='([^']{1,100})',Version='([^']{1,128})'\\)");
    private static final Pattern FILTER_ID = Pattern.compile("(?:tolower\\()?Id\\)?\\s+eq\\s+'([^']{1,100})'");

    void service(FormatRequest req) {
        req.ctx().contentType("application/xml; charset=utf-8").result(NugetV2Docs.v2Service(base(req)));
    }

    void feed(FormatRequest req) {
        String odata = req.path("odata");
        String base = base(req);
        if (odata.equals("$metadata")) {
            req.ctx().contentType("application/xml; charset=utf-8").result(NugetV2Docs.v2Metadata());
            return;
        }
        Matcher key = ODATA_KEY.matcher(odata);
        if (key.matches()) {
            List<NugetDocs.Entry> versions = entries(req, key.group(1));
            NugetDocs.Entry e = find(req, versions, key.group(2));
            req.ctx().contentType("application/atom+xml;type=entry;charset=utf-8").result(NugetV2Docs.v2Entry(base, e,
                    e == latest(versions, false), e == latest(versions, true)));
            return;
        }
        String function = odata.endsWith("()") ? odata.substring(0, odata.length() - 2) : odata;
        List<NugetDocs.Entry> out = new ArrayList<>();
        List<List<NugetDocs.Entry>> groups = new ArrayList<>();
        switch (function) {
            case "FindPackagesById" -> groups.add(entries(req, unquote(req.ctx().queryParam("id"))));
            case "Packages" -> {
                String filter = Optional.ofNullable(req.ctx().queryParam("$filter")).orElse("");
                Matcher m = FILTER_ID.matcher(filter);
                if (m.find()) groups.add(entries(req, m.group(1)));
                else for (NugetDocs.Hit hit : hits(req, "", true, true)) groups.add(hit.versions());
                if (filter.contains("IsLatestVersion") || filter.contains("IsAbsoluteLatestVersion")) {
                    boolean absolute = filter.contains("IsAbsoluteLatestVersion");
                    groups.replaceAll(g -> g.isEmpty() || latest(g, absolute) == null ? List.of() : List.of(latest(g, absolute)));
                }
            }
            case "Search" -> {
                String term = unquote(req.ctx().queryParam("searchTerm")).toLowerCase(Locale.ROOT);
                boolean pre = "true".equalsIgnoreCase(req.ctx().queryParam("includePrerelease"));
                for (NugetDocs.Hit hit : hits(req, term, pre, true)) groups.add(List.of(hit.latest()));
            }
            default -> throw new DepotException.NotFound("404 Not Found: the feed has no " + function);
        }
        // as the registry's v2 feed: SemVer 2.0.0 versions only for clients that say they read them
        if (!semVer2(req.ctx().queryParam("semVerLevel"))) {
            groups.replaceAll(g -> g.stream().filter(e -> !e.meta().path("semVer2").asBoolean(false)).toList());
        }
        for (List<NugetDocs.Entry> g : groups) out.addAll(g);
        int skip = intParam(req, "$skip", 0);
        int top = Math.min(intParam(req, "$top", MAX_TAKE), MAX_TAKE);
        List<NugetDocs.Entry> page = out.subList(Math.min(skip, out.size()), Math.min(out.size(), skip + top));
        req.ctx().contentType("application/atom+xml;type=feed;charset=utf-8").result(NugetV2Docs.v2Feed(base, function,
                page, latestOf(groups, false), latestOf(groups, true), req.services().clock().now()));
    }

    private static String unquote(String v) {
        String s = v == null ? "" : v.trim();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) s = s.substring(1, s.length() - 1);
        return s.replace("''", "'");
    }

    /** The newest version, or the newest release when {@code absolute} is false (NuGet 2's IsLatestVersion). */
    private static NugetDocs.Entry latest(List<NugetDocs.Entry> versions, boolean absolute) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (absolute || !versions.get(i).version().prerelease()) return versions.get(i);
        }
        return null;
    }

    /** Identity set of the latest entries of each id (the feed marks them). */
    private static java.util.Set<NugetDocs.Entry> latestOf(List<List<NugetDocs.Entry>> groups, boolean absolute) {
        java.util.Set<NugetDocs.Entry> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<NugetDocs.Entry> g : groups) {
            NugetDocs.Entry e = latest(g, absolute);
            if (e != null) set.add(e);
        }
        return set;
    }
}

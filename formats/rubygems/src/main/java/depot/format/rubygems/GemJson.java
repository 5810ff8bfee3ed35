package depot.format.rubygems;

import depot.format.rubygems.GemIndexes.Entry;
import depot.format.rubygems.GemSpec.Dep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON API's shapes, as the public registry answers {@code gems/NAME.json} and {@code versions/NAME.json}. */
final class GemJson {
    private GemJson() {}

    static Map<String, Object> gem(Entry e, String mountUrl) {
        GemSpec s = e.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("version", s.version());
        m.put("platform", s.platform());
        m.put("authors", String.join(", ", s.authors()));
        m.put("info", s.description() != null ? s.description() : s.summary());
        m.put("licenses", s.licenses());
        m.put("metadata", s.metadata());
        m.put("sha", e.sha256());
        m.put("gem_uri", mountUrl + "/gems/" + s.fileName());
        m.put("homepage_uri", s.homepage());
        m.put("dependencies", Map.of("runtime", deps(s.dependencies(), true), "development", deps(s.dependencies(), false)));
        return m;
    }

    static Map<String, Object> version(Entry e) {
        GemSpec s = e.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", s.version());
        m.put("platform", s.platform());
        m.put("prerelease", s.prerelease());
        m.put("authors", String.join(", ", s.authors()));
        m.put("summary", s.summary());
        m.put("description", s.description());
        m.put("licenses", s.licenses());
        m.put("metadata", s.metadata());
        m.put("rubygems_version", join(s.requiredRubygems()));
        m.put("ruby_version", join(s.requiredRuby()));
        m.put("sha", e.sha256());
        return m;
    }

    private static List<Map<String, String>> deps(List<Dep> deps, boolean runtime) {
        return deps.stream().filter(d -> d.runtime() == runtime)
                .map(d -> Map.of("name", d.name(), "requirements", join(d.requirement()))).toList();
    }

    private static String join(List<GemSpec.Req> reqs) {
        return reqs.stream().map(GemSpec.Req::toString).collect(Collectors.joining(", "));
    }
}

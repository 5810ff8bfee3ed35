package depot.format.rubygems;

import depot.core.error.DepotException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A gem's specification as its {@code metadata.gz} states it: YAML with Ruby's object tags. The YAML is composed
 * to nodes and read field by field; no tag instantiates anything, and a tag outside the few Gem classes (and YAML's
 * own) refuses the gem, as the public registry's safe loading does.
 */
record GemSpec(String name, String version, String platform, String summary, String description,
        List<String> authors, List<String> email, String homepage, List<String> licenses, Map<String, String> metadata,
        String date, List<Req> requiredRuby, List<Req> requiredRubygems, List<Dep> dependencies,
        String rubygemsVersion, int specificationVersion) {

    /** One clause of a Gem::Requirement: {@code >= 1.0}. */
    record Req(String op, String version) {
        @Override
        public String toString() { return op + " " + version; }
    }

    /** A Gem::Dependency: runtime or development. */
    record Dep(String name, List<Req> requirement, boolean runtime) {}

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** A platform starts with a letter (java, x86_64-linux, universal-darwin-22), so no file name is another's. */
    static final Pattern PLATFORM = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*(?:-[A-Za-z0-9_.]+){0,3}");
    private static final Set<String> OPS = Set.of("=", "!=", ">", "<", ">=", "<=", "~>");
    private static final Set<String> TAGS = Set.of("!ruby/object:Gem::Specification", "!ruby/object:Gem::Version",
            "!ruby/object:Gem::Requirement", "!ruby/object:Gem::Dependency", "!ruby/object:Gem::Platform",
            "!ruby/object:Gem::Version::Requirement");
    private static final int MAX_DEPENDENCIES = 500;
    private static final int MAX_LIST = 1_000;
    private static final int MAX_DEPTH = 20;
    static final Req ANY = new Req(">=", "0");

    /** Reads the YAML of {@code metadata.gz}; anything unexpected is a 400 that says what. */
    static GemSpec parse(String yaml) {
        LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(100).setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(false).setCodePointLimit(4 << 20).setLabel("metadata.gz").build();
        Node root;
        try {
            requireShallow(settings, yaml);
            Optional<Node> node = new Compose(settings).composeString(yaml);
            root = node.orElseThrow(() -> invalid("the gem's metadata is empty"));
            checkTags(root, 0, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        } catch (YamlEngineException | IllegalArgumentException | IllegalStateException e) {
            // the library also refuses some malformed tags and anchors with IllegalArgumentException
            throw invalid("the gem's metadata is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof MappingNode map)) throw invalid("the gem's metadata is not a specification");
        Map<String, Node> f = fields(map);
        String name = scalar(f.get("name"));
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("invalid gem name: " + name);
        }
        String version = GemVersion.requireStored(versionOf(f.get("version")));
        String platform = Optional.ofNullable(scalar(f.get("platform"))).filter(p -> !p.isBlank()).orElse("ruby");
        if (!PLATFORM.matcher(platform).matches()) throw invalid("invalid platform: " + platform);
        List<Dep> deps = new ArrayList<>();
        for (Node d : list(f.get("dependencies"), MAX_DEPENDENCIES, "dependencies")) {
            if (!(d instanceof MappingNode dm)) throw invalid("a dependency is not a Gem::Dependency");
            Map<String, Node> df = fields(dm);
            String depName = scalar(df.get("name"));
            if (depName == null || !NAME.matcher(depName).matches()) throw invalid("invalid dependency name: " + depName);
            Node req = df.containsKey("requirement") ? df.get("requirement") : df.get("version_requirements");
            deps.add(new Dep(depName, requirement(req), !":development".equals(scalar(df.get("type")))));
        }
        int specVersion;
        try {
            specVersion = Integer.parseInt(Optional.ofNullable(scalar(f.get("specification_version"))).orElse("4"));
        } catch (NumberFormatException e) {
            throw invalid("specification_version is not a number");
        }
        return new GemSpec(name, version, platform, scalar(f.get("summary")), scalar(f.get("description")),
                strings(f.get("authors")), strings(f.get("email")), scalar(f.get("homepage")), strings(f.get("licenses")),
                stringMap(f.get("metadata")), scalar(f.get("date")), requirement(f.get("required_ruby_version")),
                requirement(f.get("required_rubygems_version")), deps,
                Optional.ofNullable(scalar(f.get("rubygems_version"))).orElse("0"), specVersion);
    }

    /**
     * Refuses YAML nested deeper than {@value #MAX_DEPTH} from its events: the parser keeps its own stack, but the
     * composer recurses once per level, and a line of ten thousand brackets would overflow the thread's stack.
     */
    private static void requireShallow(LoadSettings settings, String yaml) {
        int depth = 0;
        for (Event e : new Parse(settings).parseString(yaml)) {
            if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) throw invalid("the gem's metadata nests too deeply");
            if (e instanceof CollectionEndEvent) depth--;
        }
    }

    /** {@code name-version.gem}, or {@code name-version-platform.gem} for a platform gem. */
    String fileName() {
        return "ruby".equals(platform) ? name + "-" + version + ".gem" : name + "-" + version + "-" + platform + ".gem";
    }

    boolean prerelease() { return GemVersion.isPrerelease(version); }

    /** Every node once (an alias is a second path to a node seen already: a billion laughs costs no more). */
    private static void checkTags(Node node, int depth, Set<Node> seen) {
        if (depth > MAX_DEPTH) throw invalid("the gem's metadata nests too deeply");
        if (!seen.add(node)) return;
        String tag = node.getTag().getValue();
        if (tag.startsWith("!") && !TAGS.contains(tag)) throw invalid("the gem's metadata has a disallowed YAML tag " + tag);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                checkTags(t.getKeyNode(), depth + 1, seen);
                checkTags(t.getValueNode(), depth + 1, seen);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) checkTags(n, depth + 1, seen);
        }
    }

    private static Map<String, Node> fields(MappingNode map) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) fields.put(k.getValue(), t.getValueNode());
        }
        return fields;
    }

    private static String scalar(Node n) {
        if (!(n instanceof ScalarNode s)) return null;
        String v = s.getValue();
        return v.isEmpty() && s.getTag().getValue().endsWith(":null") ? null : v;
    }

    private static String versionOf(Node n) {
        if (n instanceof MappingNode m) return scalar(fields(m).get("version"));
        return scalar(n);
    }

    private static List<Node> list(Node n, int max, String what) {
        if (n == null || (n instanceof ScalarNode s && scalar(s) == null)) return List.of();
        if (!(n instanceof SequenceNode seq)) throw invalid(what + " is not a list");
        if (seq.getValue().size() > max) throw invalid("more than " + max + " " + what);
        return seq.getValue();
    }

    private static List<String> strings(Node n) {
        if (n instanceof ScalarNode) return Optional.ofNullable(scalar(n)).map(List::of).orElse(List.of());
        List<String> out = new ArrayList<>();
        for (Node x : list(n, MAX_LIST, "entries")) {
            String s = scalar(x);
            if (s != null) out.add(s);
        }
        return out;
    }

    private static Map<String, String> stringMap(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(n instanceof MappingNode m)) return out;
        if (m.getValue().size() > MAX_LIST) throw invalid("metadata has too many keys");
        fields(m).forEach((k, v) -> {
            if (scalar(v) != null) out.put(k, scalar(v));
        });
        return out;
    }

    /** A Gem::Requirement: {@code requirements: [[">=", !ruby/object:Gem::Version {version: "1.0"}], …]}. */
    private static List<Req> requirement(Node n) {
        if (n == null) return List.of(ANY);
        Node reqs = n instanceof MappingNode m ? fields(m).get("requirements") : n;
        List<Req> out = new ArrayList<>();
        for (Node pair : list(reqs, 20, "requirements")) {
            if (!(pair instanceof SequenceNode p) || p.getValue().size() != 2) throw invalid("a requirement is not [op, version]");
            String op = scalar(p.getValue().get(0));
            String v = versionOf(p.getValue().get(1));
            if (!OPS.contains(op) || !GemVersion.isValid(v)) throw invalid("Illformed requirement [" + op + " " + v + "]");
            out.add(new Req(op, GemVersion.canonical(v)));
        }
        return out.isEmpty() ? List.of(ANY) : out;
    }

    private static String firstLine(String s) {
        String line = s == null ? "" : s.strip().split("\n", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    static DepotException invalid(String message) {
        return new DepotException.Invalid(message);
    }
}

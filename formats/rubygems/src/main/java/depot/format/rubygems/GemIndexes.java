package depot.format.rubygems;

import depot.format.rubygems.GemSpec.Dep;
import depot.format.rubygems.GemSpec.Req;
import depot.format.rubygems.RubyMarshal.RObject;
import depot.format.rubygems.RubyMarshal.Sym;
import depot.format.rubygems.RubyMarshal.UserDump;
import depot.format.rubygems.RubyMarshal.UserMarshal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The documents RubyGems and bundler read, from data in, bytes out: the compact index ({@code versions},
 * {@code info/NAME}, {@code names}), the full index (the specs lists and the quick gemspecs, in Ruby's Marshal as
 * {@code gem generate_index} writes them) and the legacy dependency API.
 */
final class GemIndexes {
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private GemIndexes() {}

    /** One platform gem of one version, as the indexes list it (oldest first). */
    record Entry(GemSpec spec, String sha256) {
        String name() { return spec.name(); }

        /** {@code 1.0.0}, or {@code 1.0.0-java}: the compact index's version token. */
        String token() { return "ruby".equals(spec.platform()) ? spec.version() : spec.version() + "-" + spec.platform(); }
    }

    // ---- compact index

    /** {@code info/NAME}: one line per version and platform, runtime dependencies, then checksum and requirements. */
    static byte[] info(List<Entry> entries) {
        StringBuilder b = new StringBuilder("---\n");
        for (Entry e : entries) {
            b.append(e.token()).append(' ');
            b.append(e.spec().dependencies().stream().filter(Dep::runtime)
                    .map(d -> d.name() + ":" + joined(d.requirement())).collect(Collectors.joining(",")));
            b.append("|checksum:").append(e.sha256());
            if (!isAny(e.spec().requiredRuby())) b.append(",ruby:").append(joined(e.spec().requiredRuby()));
            if (!isAny(e.spec().requiredRubygems())) b.append(",rubygems:").append(joined(e.spec().requiredRubygems()));
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A name's line of {@code versions}: its version tokens and the MD5 of its info file. */
    record VersionsLine(String name, List<String> tokens, String infoMd5) {}

    /** {@code versions}: a header bundler skips up to {@code ---}, then one line per name. */
    static byte[] versions(String createdAt, List<VersionsLine> lines) {
        StringBuilder b = new StringBuilder("created_at: ").append(createdAt).append("\n---\n");
        for (VersionsLine l : lines) {
            b.append(l.name()).append(' ').append(String.join(",", l.tokens())).append(' ').append(l.infoMd5()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] names(List<String> names) {
        StringBuilder b = new StringBuilder("---\n");
        names.forEach(n -> b.append(n).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String joined(List<Req> reqs) {
        return reqs.stream().map(Req::toString).collect(Collectors.joining("&"));
    }

    private static boolean isAny(List<Req> reqs) {
        return reqs.isEmpty() || (reqs.size() == 1 && reqs.get(0).op().equals(">=") && GemVersion.compare(reqs.get(0).version(), "0") == 0);
    }

    // ---- full index

    /** Which of the specs lists. */
    enum SpecsList { RELEASED, LATEST, PRERELEASE }

    /**
     * {@code specs.4.8}, {@code latest_specs.4.8} or {@code prerelease_specs.4.8}: {@code [name, Gem::Version, platform]}
     * triples sorted as Gem::Specification sorts (name, version, the ruby platform first), equal names, versions and
     * platforms written once and then linked, as {@code gem generate_index}'s compact_specs makes them.
     */
    static byte[] specs(List<Entry> entries, SpecsList which) {
        List<GemSpec> chosen = new ArrayList<>();
        for (Entry e : entries) {
            boolean pre = e.spec().prerelease();
            if (which == SpecsList.PRERELEASE ? pre : !pre) chosen.add(e.spec());
        }
        if (which == SpecsList.LATEST) {
            Map<String, GemSpec> latest = new LinkedHashMap<>();
            for (GemSpec s : chosen) {
                latest.merge(s.name() + "\u0000" + s.platform(), s,
                        (a, b) -> GemVersion.compare(b.version(), a.version()) > 0 ? b : a);
            }
            chosen = new ArrayList<>(latest.values());
        }
        chosen.sort(Comparator.comparing(GemSpec::name).thenComparing(GemSpec::version, GemVersion.ORDER)
                .thenComparingInt(s -> "ruby".equals(s.platform()) ? -1 : 1));
        Map<String, Object> names = new HashMap<>();
        Map<String, Object> versions = new HashMap<>();
        Map<String, Object> platforms = new HashMap<>();
        List<Object> triples = new ArrayList<>();
        for (GemSpec s : chosen) {
            triples.add(List.of(names.computeIfAbsent(s.name(), n -> new String(n)),
                    versions.computeIfAbsent(s.version(), GemIndexes::version),
                    platforms.computeIfAbsent(s.platform(), p -> new String(p))));
        }
        return RubyMarshal.dump(triples);
    }

    /**
     * {@code quick/Marshal.4.8/NAME-VERSION[-PLATFORM].gemspec.rz}: the Gem::Specification as its {@code _dump} writes
     * it, deflated — the bytes {@code gem generate_index} writes for a gem built by RubyGems 3 (whose YAML spells each
     * dependency's two requirements out; a gem whose YAML shares them by an alias decodes the same).
     */
    static byte[] quickSpec(GemSpec s) {
        List<Object> deps = new ArrayList<>();
        for (Dep d : s.dependencies()) {
            Map<String, Object> ivars = new LinkedHashMap<>();
            ivars.put("@name", d.name());
            ivars.put("@requirement", requirement(d.requirement()));
            ivars.put("@type", new Sym(d.runtime() ? "runtime" : "development"));
            ivars.put("@prerelease", false);
            ivars.put("@version_requirements", requirement(d.requirement()));
            deps.add(new RObject("Gem::Dependency", ivars));
        }
        List<String> email = s.email();
        List<Object> fields = new ArrayList<>(List.of(s.rubygemsVersion(), s.specificationVersion(), s.name(),
                version(s.version()), time(s.date())));
        // the indexer's spec.sanitize sets both through their writers, which make nil nil.to_s: "" in US-ASCII
        fields.add(s.summary() == null ? new RubyMarshal.Ascii("") : s.summary());
        fields.add(requirement(s.requiredRuby()));
        fields.add(requirement(s.requiredRubygems()));
        fields.add(s.platform());
        fields.add(deps);
        fields.add(new String());   // rubyforge_project, no longer set (a string of its own, as in Ruby)
        fields.add(email.isEmpty() ? null : email.size() == 1 ? email.get(0) : new ArrayList<Object>(email));
        fields.add(new ArrayList<Object>(s.authors()));
        fields.add(s.description() == null ? new RubyMarshal.Ascii("") : s.description());
        fields.add(s.homepage());
        fields.add(true);
        // "ruby" is the very string of field 8 (Ruby writes it as a link); other platforms are Gem::Platform objects
        fields.add(platform(s.platform()));
        fields.add(new ArrayList<Object>(s.licenses()));
        fields.add(new LinkedHashMap<String, Object>(s.metadata()));
        byte[] inner = RubyMarshal.dump(fields);
        return deflate(RubyMarshal.dump(new UserDump("Gem::Specification", inner)));
    }

    /**
     * The spec's date as a UTC Time at midnight (RubyGems keeps dates to the day), in Time's {@code _dump} form: two
     * little-endian words packing the fields, and its zone.
     */
    static UserDump time(String date) {
        int year = 1980;
        int month = 1;
        int day = 2;
        if (date != null && date.length() >= 10 && DAY.matcher(date.substring(0, 10)).matches()) {
            year = Integer.parseInt(date.substring(0, 4));
            month = Integer.parseInt(date.substring(5, 7));
            day = Integer.parseInt(date.substring(8, 10));
        }
        long p = 1L << 31 | 1L << 30 | (long) (year - 1900) << 14 | (long) (month - 1) << 10 | (long) day << 5;
        byte[] bytes = new byte[8];
        for (int i = 0; i < 4; i++) bytes[i] = (byte) (p >> (8 * i));
        return new UserDump("Time", bytes, Map.of("zone", new RubyMarshal.Ascii("UTC")));
    }

    /** The legacy {@code api/v1/dependencies}: an array of {name:, number:, platform:, dependencies: [[n, req]]}. */
    static byte[] dependencies(List<Entry> entries) {
        List<Object> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<Object, Object> h = new LinkedHashMap<>();
            h.put(new Sym("name"), e.name());
            h.put(new Sym("number"), e.spec().version());
            h.put(new Sym("platform"), e.spec().platform());
            List<Object> deps = new ArrayList<>();
            for (Dep d : e.spec().dependencies()) {
                if (d.runtime()) deps.add(List.of(d.name(), d.requirement().stream().map(Req::toString).collect(Collectors.joining(", "))));
            }
            h.put(new Sym("dependencies"), deps);
            out.add(h);
        }
        return RubyMarshal.dump(out);
    }

    static UserMarshal version(String v) {
        return new UserMarshal("Gem::Version", List.of(v));
    }

    private static UserMarshal requirement(List<Req> reqs) {
        List<Object> pairs = new ArrayList<>();
        // strings of their own, as Ruby's are (the same Java string twice would be written as a link)
        for (Req r : reqs) pairs.add(List.of(new String(r.op()), version(new String(r.version()))));
        return new UserMarshal("Gem::Requirement", List.of(pairs));
    }

    /** Gem::Platform: "ruby" stays a string; others are cpu, os and version as Gem::Platform.new splits them. */
    static Object platform(String p) {
        if ("ruby".equals(p)) return p;
        // split strings are new objects, none of them the platform string itself
        String[] parts = p.split("-", 3);
        String cpu;
        String os;
        String version = null;
        if (parts.length == 1) {
            cpu = null;
            os = new String(parts[0]);
        } else {
            cpu = parts[0].matches("i\\d86") ? "x86" : parts[0];
            os = parts[1];
            if (parts.length == 3) version = parts[2];
        }
        Map<String, Object> ivars = new LinkedHashMap<>();
        ivars.put("@cpu", cpu);
        ivars.put("@os", os);
        ivars.put("@version", version);
        return new RObject("Gem::Platform", ivars);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION))) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

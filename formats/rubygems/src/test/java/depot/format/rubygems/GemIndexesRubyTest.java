package depot.format.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full index against RubyGems' own indexer: gems built by {@code gem build} (plain, prerelease, platform,
 * without dependencies), indexed by {@code gem generate_index} and by {@link GemIndexes}; Ruby loads both and finds
 * them equal, and the specs lists are the same bytes. Needs Debian's {@code ruby} (CI installs it).
 */
class GemIndexesRubyTest {
    @TempDir
    static Path dir;
    static List<GemIndexes.Entry> entries = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        if (!onPath("ruby") || !onPath("gem")) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("ruby and gem are needed; CI must provide them");
            Assumptions.abort("ruby is not installed: apt-get install ruby");
        }
        Path src = Files.createDirectories(dir.resolve("src/lib"));
        Files.writeString(src.resolve("golden.rb"), "module Golden; end\n");
        Path gems = Files.createDirectories(dir.resolve("theirs/gems"));
        String[][] variants = {
                {"golden-gem", "1.0.0", null, "s.add_runtime_dependency 'rake', '>= 1.0', '< 100'\n"
                        + "  s.add_development_dependency 'minitest', '~> 5.0'\n  s.required_ruby_version = '>= 2.7'\n"},
                {"golden-gem", "1.1.0", null, "s.add_runtime_dependency 'json'\n"},
                {"golden-gem", "2.0.0.rc1", null, ""},
                {"golden-gem", "1.1.0", "java", ""},
                {"golden-gem", "1.1.0", "x86_64-linux", "s.required_rubygems_version = '>= 3.0'\n"},
                {"other_gem", "0.0.1", null, "s.email = ['a@example.com', 'b@example.com']\n  s.metadata = {'bug_tracker_uri' => 'https://example.com/bugs'}\n"},
        };
        for (String[] v : variants) {
            Files.writeString(dir.resolve("src/g.gemspec"), "Gem::Specification.new do |s|\n  s.name = '" + v[0]
                    + "'\n  s.version = '" + v[1] + "'\n  s.summary = 'Golden \u00e9t\u00e9'\n  s.authors = ['Ann']\n"
                    + "  s.license = 'MIT'\n  s.homepage = 'https://example.com'\n  s.files = ['lib/golden.rb']\n"
                    + (v[2] == null ? "" : "  s.platform = '" + v[2] + "'\n") + "  " + v[3] + "end\n");
            run(dir.resolve("src"), "gem", "build", "g.gemspec");
        }
        try (Stream<Path> built = Files.list(dir.resolve("src"))) {
            for (Path gem : built.filter(p -> p.toString().endsWith(".gem")).sorted().toList()) {
                Files.move(gem, gems.resolve(gem.getFileName()));
                byte[] bytes = Files.readAllBytes(gems.resolve(gem.getFileName()));
                try (InputStream in = Files.newInputStream(gems.resolve(gem.getFileName()))) {
                    GemSpec spec = GemFile.read(in);
                    assertThat(spec.fileName()).isEqualTo(gem.getFileName().toString());
                    entries.add(new GemIndexes.Entry(spec, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
                }
            }
        }
        run(dir, "gem", "generate_index", "-d", dir.resolve("theirs").toString());
        Path ours = Files.createDirectories(dir.resolve("ours/quick/Marshal.4.8"));
        Files.write(dir.resolve("ours/specs.4.8"), GemIndexes.specs(entries, GemIndexes.SpecsList.RELEASED));
        Files.write(dir.resolve("ours/latest_specs.4.8"), GemIndexes.specs(entries, GemIndexes.SpecsList.LATEST));
        Files.write(dir.resolve("ours/prerelease_specs.4.8"), GemIndexes.specs(entries, GemIndexes.SpecsList.PRERELEASE));
        for (GemIndexes.Entry e : entries) {
            String base = e.spec().fileName().replaceFirst("\\.gem$", "");
            Files.write(ours.resolve(base + ".gemspec.rz"), GemIndexes.quickSpec(e.spec()));
        }
    }

    /**
     * Byte for byte where the order is defined: Ruby sorts two platform gems of one version as equal, in the order
     * its unstable sort leaves them, so lists with such a pair are compared as Ruby reads them (below).
     */
    @Test
    void a_specs_list_without_platform_ties_is_the_bytes_gem_generate_index_writes() throws IOException {
        assertThat(dir.resolve("ours/prerelease_specs.4.8")).hasSameBinaryContentAs(dir.resolve("theirs/prerelease_specs.4.8"));
    }

    /** The quick gemspecs inflate to the very bytes the indexer's do (the date, the links, the Platform objects). */
    @Test
    void the_quick_gemspecs_are_the_bytes_gem_generate_index_writes() throws IOException {
        for (GemIndexes.Entry e : entries) {
            String file = "quick/Marshal.4.8/" + e.spec().fileName().replaceFirst("\\.gem$", "") + ".gemspec.rz";
            assertThat(inflate(dir.resolve("ours/" + file))).as(file).isEqualTo(inflate(dir.resolve("theirs/" + file)));
        }
    }

    private static byte[] inflate(Path file) throws IOException {
        try (InputStream in = new java.util.zip.InflaterInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void ruby_reads_the_specs_lists_and_quick_gemspecs_as_it_reads_the_indexers() throws Exception {
        String script = """
                require 'rubygems'; require 'zlib'
                ours, theirs = ARGV
                # latest_specs: the indexer keeps, per name, the first released gem it happened to load (the order of
                # the gems folder); Depot lists the newest release of each name and platform, a superset of it
                a = Marshal.load(File.binread(File.join(ours, 'latest_specs.4.8')))
                b = Marshal.load(File.binread(File.join(theirs, 'latest_specs.4.8')))
                raise "latest_specs: #{b - a} missing from #{a}" unless (b - a).empty? && a.map(&:first).uniq == b.map(&:first).uniq
                %w[specs.4.8 prerelease_specs.4.8].each do |f|
                  a = Marshal.load(File.binread(File.join(ours, f)))
                  b = Marshal.load(File.binread(File.join(theirs, f)))
                  # the same triples, in the same order but for platform gems of one version (Ruby's sort ties)
                  same = a.map { |n, v, _| [n, v] } == b.map { |n, v, _| [n, v] } && a.sort_by { |n, v, p| [n, v, p] } == b.sort_by { |n, v, p| [n, v, p] }
                  raise "#{f} differs: #{a.inspect} vs #{b.inspect}" unless same && !a.empty?
                end
                Dir[File.join(theirs, 'quick/Marshal.4.8/*.rz')].each do |q|
                  b = Marshal.load(Zlib::Inflate.inflate(File.binread(q)))
                  a = Marshal.load(Zlib::Inflate.inflate(File.binread(File.join(ours, 'quick/Marshal.4.8', File.basename(q)))))
                  %i[name version platform original_platform summary authors email homepage licenses metadata date
                     required_ruby_version required_rubygems_version description specification_version].each do |m|
                    raise "#{File.basename(q)} #{m}: #{a.send(m).inspect} vs #{b.send(m).inspect}" unless a.send(m) == b.send(m)
                  end
                  da = a.dependencies.map { |d| [d.name, d.requirement.to_s, d.type, d.prerelease?] }
                  db = b.dependencies.map { |d| [d.name, d.requirement.to_s, d.type, d.prerelease?] }
                  raise "#{File.basename(q)} dependencies: #{da} vs #{db}" unless da == db
                end
                puts Dir[File.join(theirs, 'quick/Marshal.4.8/*.rz')].size
                """;
        Files.writeString(dir.resolve("compare.rb"), script);
        String out = run(dir, "ruby", "compare.rb", dir.resolve("ours").toString(), dir.resolve("theirs").toString());
        assertThat(out.trim()).isEqualTo(String.valueOf(entries.size()));
    }

    @Test
    void the_compact_index_lines_are_what_bundler_parses() throws Exception {
        List<GemIndexes.Entry> golden = entries.stream().filter(e -> e.name().equals("golden-gem")).toList();
        Files.write(dir.resolve("info"), GemIndexes.info(golden));
        String script = """
                require 'bundler'; require 'bundler/compact_index_client'
                cache = Bundler::CompactIndexClient::Cache.new(ARGV[0])
                lines = File.read(ARGV[1]).lines.drop(1)
                lines.each do |l|
                  v, p, deps, reqs = cache.send(:parse_gem, l)
                  puts [v, p || 'ruby', deps.map { |d| d.join(':') }.join(';'), reqs.map { |r| r.join(':') }.join(';')].join(' ')
                end
                """;
        Files.writeString(dir.resolve("info.rb"), script);
        String out = run(dir, "ruby", "info.rb", dir.resolve("bundler-cache").toString(), dir.resolve("info").toString());
        String sha = golden.get(0).sha256();
        assertThat(out).contains("1.0.0 ruby rake:>= 1.0:< 100 checksum:" + sha + ";ruby:>= 2.7")
                .contains("1.1.0 java  checksum:")
                .contains("1.1.0 x86_64-linux  checksum:")
                .contains(";rubygems:>= 3.0")
                .contains("1.1.0 ruby json:>= 0 checksum:")
                .containsPattern("2\\.0\\.0\\.rc1 ruby  checksum:[0-9a-f]{64};rubygems:> 1\\.3\\.1");
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    static String run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}

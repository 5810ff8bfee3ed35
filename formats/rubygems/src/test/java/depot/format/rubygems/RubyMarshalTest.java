package depot.format.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known answers: the bytes Ruby 3.1's Marshal.dump writes for the same values. */
class RubyMarshalTest {
    @Test
    void integers_strings_symbols_nil_booleans_and_hashes_as_ruby_writes_them() {
        Map<Object, Object> hash = new LinkedHashMap<>();
        hash.put("k", new ArrayList<>());
        List<Object> value = new ArrayList<>(List.of(1, -1, 300, -300, 70000, "\u00e9", new RubyMarshal.Sym("sym"),
                new RubyMarshal.Sym("sym")));
        value.add(null);
        value.addAll(List.of(true, false, hash));
        // ruby -e 'p Marshal.dump([1, -1, 300, -300, 70000, "é", :sym, :sym, nil, true, false, {"k"=>[]}])'
        assertThat(HexFormat.of().formatHex(RubyMarshal.dump(value))).isEqualTo(
                "04085b11690669fa69022c0169fed4fe6903701101492207c3a9063a0645543a0873796d3b063054467b064922066b063b00545b00");
    }

    @Test
    void the_same_object_twice_is_a_link_and_gem_versions_are_user_marshalled() {
        Object v = GemIndexes.version("1.0");
        // ruby -e 'v = Gem::Version.new("1.0"); p Marshal.dump([v, v])' (with the version string in UTF-8)
        assertThat(HexFormat.of().formatHex(RubyMarshal.dump(List.of(v, v)))).isEqualTo(
                "04085b07553a1147656d3a3a56657273696f6e5b0649220831 2e30063a064554 4006".replace(" ", ""));
    }
}

package depot.format.debian;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One deb822 paragraph (a .deb's {@code control} file): fields in the order written, names compared without case as
 * dpkg compares them, multi-line values as dpkg stores them (each continuation line without its first white-space
 * character and trailing white space; {@code " ."} is an empty line). Bounded by the caller's size limit; at most {@link #MAX_FIELDS} fields.
 */
final class Control {
    static final int MAX_FIELDS = 200;
    private final Map<String, String> names = new LinkedHashMap<>();   // lower case → as written
    private final Map<String, String> values = new LinkedHashMap<>();  // lower case → value

    private Control() {}

    static Control parse(String text) {
        Control c = new Control();
        String current = null;
        StringBuilder value = null;
        boolean ended = false;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                ended = current != null;
                continue;
            }
            if (ended) throw invalid("the control file holds more than one paragraph");
            if (line.startsWith("#")) continue;
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current == null) throw invalid("the control file starts with a continuation line");
                // as dpkg stores it: without the first white-space character, and a line of dots loses one dot
                String rest = stripEnd(line.substring(1));
                if (!rest.isEmpty() && rest.chars().allMatch(ch -> ch == '.')) rest = rest.substring(1);
                value.append('\n').append(rest);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw invalid("control line without a field name: " + shown(line));
            String name = line.substring(0, colon);
            if (!name.chars().allMatch(ch -> ch > 32 && ch < 127) || name.startsWith("-")) {
                throw invalid("invalid control field name " + shown(name));
            }
            if (current != null) c.put(current, value.toString());
            current = name;
            value = new StringBuilder(stripEnd(line.substring(colon + 1)).stripLeading());
            if (c.values.containsKey(name.toLowerCase(Locale.ROOT))) throw invalid("duplicate control field " + shown(name));
        }
        if (current != null) c.put(current, value.toString());
        if (c.values.isEmpty()) throw invalid("the control file is empty");
        return c;
    }

    private void put(String name, String value) {
        if (values.size() >= MAX_FIELDS) throw invalid("the control file has more than " + MAX_FIELDS + " fields");
        String key = name.toLowerCase(Locale.ROOT);
        names.put(key, name);
        values.put(key, value);
    }

    /** The fields as written, in the order written (how the package's metadata keeps them). */
    Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        names.forEach((key, name) -> out.put(name, values.get(key)));
        return out;
    }

    /** A paragraph from fields kept by {@link #fields()}. */
    static Control of(Map<String, String> fields) {
        Control c = new Control();
        fields.forEach(c::put);
        return c;
    }

    /** The value of a field, or null. */
    String get(String name) { return values.get(name.toLowerCase(Locale.ROOT)); }

    /** Lower-case field name → the name as written, in the order written. */
    Map<String, String> names() { return Collections.unmodifiableMap(names); }

    private static String stripEnd(String s) { return s.stripTrailing(); }

    /** A value quoted for an error message. */
    static String shown(String s) { return "\"" + Shown.of(s) + "\""; }

    static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}

package depot.format.go;

import depot.core.error.DepotException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What Depot reads of a go.mod: the module path it declares (which must be the path it is published under), its
 * {@code go} line and its requirements (for the detail page). Lines, blocks, {@code //} comments and quoted paths as
 * the go.mod grammar has them; anything else is left to the go command.
 */
record GoMod(String module, String go, List<String> requires, String deprecated) {

    static GoMod parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DepotException.Invalid("go.mod is not UTF-8");
        }
        String module = null;
        String go = null;
        String deprecated = null;
        List<String> requires = new ArrayList<>();
        String block = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw;
            String comment = "";
            int slashes = commentAt(line);
            if (slashes >= 0) {
                comment = line.substring(slashes + 2).trim();
                line = line.substring(0, slashes);
            }
            line = line.trim();
            if (block != null) {
                if (line.equals(")")) {
                    block = null;
                    continue;
                }
                if (!line.isEmpty()) {
                    if (block.equals("module") && module == null) module = unquote(line);
                    if (block.equals("require")) require(requires, line);
                }
                continue;
            }
            String[] words = line.split("\\s+", 2);
            if (words.length < 2) continue;
            String rest = words[1].trim();
            if (rest.equals("(")) {
                block = words[0];
                continue;
            }
            switch (words[0]) {
                case "module" -> {
                    if (module == null) module = unquote(rest);
                    if (comment.startsWith("Deprecated:")) deprecated = clip(comment.substring(11).trim(), 1000);
                }
                case "go" -> go = clip(rest, 50);
                case "require" -> require(requires, rest);
                default -> { }
            }
        }
        return new GoMod(module, go, requires, deprecated);
    }

    /** Requirements are kept for the detail page: at most 500, each at most 300 characters (a longer one is no path). */
    private static void require(List<String> requires, String line) {
        if (requires.size() < 500 && line.length() <= 300) requires.add(line);
    }

    /** The go.mod a module without one is served with, as the go command writes it for such a module. */
    static byte[] synthesized(String module) {
        return ("module " + module + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max) + "…"; }

    private static int commentAt(String line) {
        boolean quoted = false;
        for (int i = 0; i + 1 < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '`') quoted = !quoted;
            if (!quoted && c == '/' && line.charAt(i + 1) == '/') return i;
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`"))) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }
}

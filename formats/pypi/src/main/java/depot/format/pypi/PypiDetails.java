package depot.format.pypi;

import depot.core.error.DepotException;
import depot.core.model.PackageFile;
import depot.http.PackageDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** What a PyPI version's detail page reads from its core metadata: dependencies and the long description. */
final class PypiDetails {
    private PypiDetails() {}

    /**
     * The core metadata that speaks for the version: the newest wheel's (an sdist's PKG-INFO often leaves out
     * Requires-Dist, and twine uploads the wheel first), else the newest file's that has any.
     */
    static java.util.Optional<CoreMetadata> versionMetadata(List<PackageFile> files) {
        CoreMetadata fallback = null;
        for (int i = files.size() - 1; i >= 0; i--) {
            String meta = files.get(i).metadata();
            if (meta == null) continue;
            JsonNode raw = SimplePages.JSON.readTree(meta).path("core_metadata");
            if (!raw.isString()) continue;
            CoreMetadata core;
            try {
                core = CoreMetadata.parse(raw.asString().getBytes(StandardCharsets.UTF_8));
            } catch (DepotException e) {
                continue;
            }
            if (files.get(i).fileName().endsWith(".whl")) return java.util.Optional.of(core);
            if (fallback == null || (!fallback.headers().containsKey("requires-dist")
                    && core.headers().containsKey("requires-dist"))) {
                fallback = core;
            }
        }
        return java.util.Optional.ofNullable(fallback);
    }

    /**
     * Requires-Dist: name (with extras), the versions it accepts, and its environment marker as its kind ({@code
     * extra == "socks"} becomes "extra socks").
     */
    static List<PackageDetails.Dependency> requiresDist(java.util.Optional<CoreMetadata> core) {
        List<PackageDetails.Dependency> out = new ArrayList<>();
        for (String requirement : core.map(c -> c.headers().getOrDefault("requires-dist", List.<String>of()))
                .orElse(List.of())) {
            out.add(requirement(requirement));
            if (out.size() == 500) break;
        }
        return out;
    }

    /**
     * The long description as Markdown for the detail page: the metadata's body (or its Description field), as
     * written when its Description-Content-Type is Markdown, else (reStructuredText, plain text) as preformatted text.
     */
    static String readme(java.util.Optional<CoreMetadata> core) {
        if (core.isEmpty()) return null;
        String text = new String(core.get().raw(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String body = blank < 0 ? "" : text.substring(blank + 2).strip();
        if (body.isEmpty()) body = java.util.Objects.requireNonNullElse(core.get().first("Description"), "").strip();
        if (body.isEmpty() || body.equals("UNKNOWN")) return null;
        String type = java.util.Objects.requireNonNullElse(core.get().first("Description-Content-Type"), "");
        if (type.toLowerCase(Locale.ROOT).startsWith("text/markdown")) return body;
        return "    " + body.replace("\n", "\n    ");
    }

    static PackageDetails.Dependency requirement(String text) {
        int semicolon = text.indexOf(';');
        String spec = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
        String marker = semicolon < 0 ? "" : text.substring(semicolon + 1).strip();
        int end = 0;
        while (end < spec.length() && (Character.isLetterOrDigit(spec.charAt(end)) || "._-".indexOf(spec.charAt(end)) >= 0)) end++;
        if (end < spec.length() && spec.charAt(end) == '[') {
            int close = spec.indexOf(']', end);
            end = close < 0 ? spec.length() : close + 1;
        }
        String versions = spec.substring(end).strip();
        if (versions.startsWith("(") && versions.endsWith(")")) versions = versions.substring(1, versions.length() - 1).strip();
        java.util.regex.Matcher extra = EXTRA.matcher(marker);
        String kind = extra.matches() ? "extra " + extra.group(1) : marker;
        return new PackageDetails.Dependency(spec.substring(0, end), versions, kind);
    }

    private static final java.util.regex.Pattern EXTRA = java.util.regex.Pattern.compile("extra\\s*==\\s*[\"']([^\"']{1,100})[\"']");
}

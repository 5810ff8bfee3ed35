package depot.it.formats;

import depot.it.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** One hostile request, named by what it sends (as property reports show it) and sent when {@link #send} runs. */
public record HostileRequest(String what, Supplier<Api.Response> send) {
    /** A request that sends {@code input}, named by the format's document and the input's first characters. */
    public static HostileRequest of(String what, byte[] input, Supplier<Api.Response> send) {
        String text = new String(input, 0, Math.min(input.length, 120), StandardCharsets.UTF_8);
        return new HostileRequest(what + " \"" + text + (input.length > 120 ? "…\"" : "\""), send);
    }

    @Override
    public String toString() { return what; }
}

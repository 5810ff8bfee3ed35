package depot.it.formats;

import depot.it.support.Api;
import java.util.function.Function;

/**
 * One publish of the crash-safety test: how it is sent, and how it is checked once the server is back. Its bytes
 * must be served at {@code download} and, when {@code index} is not null, that index document must contain
 * {@code indexed} — both after an acknowledgement; a publish cut off by the kill must be whole or absent.
 */
public record CrashPublish(String what, String download, byte[] bytes, String index, String indexed,
        Function<Api, Api.Response> send) {

    /**
     * Makes the {@code n}-th publish of a format in the project's package API {@code packages} (ending in "/"), with
     * a payload of random bytes (up to 1 MiB, so that a kill may land mid-upload) to include. Called concurrently.
     * AuthorizationMatrixTest also makes the packages its package API endpoints delete with the first kit's publisher:
     * each {@code n} publishes a new package.
     */
    @FunctionalInterface
    public interface Publisher {
        CrashPublish next(String packages, int n, byte[] payload);
    }
}

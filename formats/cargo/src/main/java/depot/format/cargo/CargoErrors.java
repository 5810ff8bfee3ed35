package depot.format.cargo;

import depot.http.ErrorStyle;
import java.util.List;
import java.util.Map;

/** Cargo's error body, {@code {"errors":[{"detail":…}]}}, which cargo prints whatever the status. */
final class CargoErrors {
    static final ErrorStyle STYLE = (ctx, status, message) -> ctx.status(status)
            .json(Map.of("errors", List.of(Map.of("detail", message))));

    private CargoErrors() {}
}

package depot.core.model;

import depot.core.error.DepotException;
import java.util.Locale;

public enum Visibility {
    PRIVATE, INTERNAL, PUBLIC;

    public String value() { return name().toLowerCase(Locale.ROOT); }

    public static Visibility of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DepotException.Invalid("visibility does not have a valid value");
        }
    }
}

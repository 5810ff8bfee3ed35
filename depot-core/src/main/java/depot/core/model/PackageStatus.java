package depot.core.model;

import depot.core.error.DepotException;
import java.util.Locale;

public enum PackageStatus {
    DEFAULT, HIDDEN, PROCESSING, ERROR, PENDING_DESTRUCTION;

    public String value() { return name().toLowerCase(Locale.ROOT); }

    public static PackageStatus of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DepotException.Invalid("status does not have a valid value");
        }
    }
}

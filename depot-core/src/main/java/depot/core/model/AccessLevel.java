package depot.core.model;

import java.util.Arrays;

/** GitLab's member access levels; the numbers are GitLab's API values. */
public enum AccessLevel {
    NONE(0), GUEST(10), REPORTER(20), DEVELOPER(30), MAINTAINER(40), OWNER(50);

    private final int value;

    AccessLevel(int value) { this.value = value; }

    public int value() { return value; }

    public boolean atLeast(AccessLevel other) { return value >= other.value; }

    public static AccessLevel of(int value) {
        return Arrays.stream(values()).filter(l -> l.value == value).findFirst()
                .orElseThrow(() -> new depot.core.error.DepotException.Invalid("access_level does not have a valid value"));
    }
}

package depot.it.formats;

import java.util.Locale;

/** A visibility of projects and groups: the authorization matrix has a project and a group of each. */
public enum Vis {
    PUBLIC, INTERNAL, PRIVATE;

    /** GitLab's name of the level ("public" …), which is also the path of the matrix's project of that visibility. */
    public String value() { return name().toLowerCase(Locale.ROOT); }
}

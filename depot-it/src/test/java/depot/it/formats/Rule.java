package depot.it.formats;

/** Who may call a route (ARCHITECTURE.md, "Authorization"): the rule of a row of the permission table. */
public enum Rule {
    /** Anyone, credentials or not (health, sign-in page, assets). */
    PUBLIC,
    /** Anyone; a credential that is presented must be valid. */
    ANY,
    /** Any signed-in user. */
    SIGNED_IN,
    /** Administrators only. */
    ADMIN,
    /** CI job tokens only. */
    JOB,
    /** Whoever can see the project or group; others get 404, as if it did not exist. */
    SEE,
    /** Maintainers and administrators of a project or group they can see. */
    MAINTAIN,
    /** Reporters and above of a group they can see (and administrators); other callers who can see it get 403. */
    REPORT,
    /** Owners (here: administrators) only; members who can see it get 403. */
    OWN,
    /** Reading, writing or deleting packages: the matrix's rule for package endpoints. */
    PACKAGE,
    /** A package endpoint of a group or the instance: serves only projects the caller may read or write. */
    GROUP_PACKAGE,
    /** Like PACKAGE reading, but npm's whoami challenges every anonymous caller. */
    WHOAMI,
    /** A group's service document: whoever sees the group; others are challenged (401) or told 404. */
    SEE_FORMAT,
    /**
     * A search or listing across a group or the instance: anyone may ask, and the answer names the package of
     * a project of the given visibility ("only-…") exactly when the caller may read that project.
     */
    LISTING,
    /** A personal access token: its owner and administrators; other users get 404. */
    TOKEN_OWNER,
    /** Like PACKAGE, but addressed without its project: a caller who may not read it gets 404, not 403. */
    PACKAGE_HIDDEN,
    /** A web UI page or form: a browser session is needed; probed anonymously on private things only. */
    WEB,
    /** Probed with every caller kind by the matrix tests (the note names where). */
    MATRIX
}

package depot.http;

/** Where a format request is mounted: one project, a group (and its subgroups), or the whole instance. */
public enum Scope { PROJECT, GROUP, INSTANCE, ROOT }

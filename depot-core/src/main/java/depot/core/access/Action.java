package depot.core.access;

/** What a caller wants to do with a project's packages. */
public enum Action { READ, WRITE, DELETE }

package depot.it.formats;

/** What a package endpoint does to a package: the access level it needs follows from it. */
public enum Kind { READ, WRITE, DELETE }

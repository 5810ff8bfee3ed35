package depot.it.formats;

/** Format endpoints challenge anonymous callers (401); API endpoints hide what they may not see (404). */
public enum Style { FORMAT, API }

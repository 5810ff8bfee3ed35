package depot.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs the same on either stack of the suite: its servers do not follow
 * {@code -Ddepot.it.stack} (a {@link Cluster} is always PostgreSQL + S3, a {@link DepotProcess} on defaults is always
 * SQLite + files), or on the scale-out stack it would repeat another class (a SQLite contract then runs on
 * PostgreSQL + S3, as its PostgreSQL twin does), or it drives pages in a browser whose queries another class runs on
 * both stacks (the web UI's browser tests: {@code WebUiQueryFuzzTest} renders every page on each stack, and the
 * downloads and version-order tests check their SQL there), or it proves a client or a build tool whose routes another
 * class runs on both stacks (Depot's own image pushed by Jib; sbt and coursier; Maven's plugin prefixes), or it varies what is read before any query (the forms of a token), or its database is PostgreSQL on
 * either stack and the store does not enter (the name filter's PostgreSQL twin). The scale-out execution (depot-it's
 * pom) leaves these out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("one-stack")
public @interface OneStack {}

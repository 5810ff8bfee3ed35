package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Clients that ship as Maven artifacts (coursier, the sbt launcher, Maven plugins), fetched once per checkout by the
 * real {@code mvn} into {@code target/m2}. That repository is also the seed of the {@code file://} mirror that lets
 * a resolve test reach nothing but Depot.
 */
public final class MavenCentral {
    /** The local repository kept between runs: plugins and client jars, never Depot's own test artifacts. */
    public static final Path SEED = Path.of("target", "m2").toAbsolutePath();
    public static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    private MavenCentral() {}

    public static Path mvn() {
        return Tools.require("mvn", "apt-get install maven");
    }

    /** {@code mvn -B -q} with an empty global settings file, the given user settings and local repository. */
    public static List<String> command(Path work, Path settings, Path localRepo, String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of(mvn().toString(), "-B", "-q", "-s", settings.toString(), "-gs",
                empty(work).toString(), "-Dmaven.repo.local=" + localRepo));
        c.addAll(List.of(args));
        return c;
    }

    /** The runtime class path of {@code coordinates} (group:artifact:version), fetched into {@link #SEED}. */
    public static String classpath(Path work, String coordinates) throws Exception {
        String[] gav = coordinates.split(":");
        Path project = Files.createDirectories(work.resolve("classpath-of-" + gav[1]));
        Files.writeString(project.resolve("pom.xml"), pom("<dependency><groupId>" + gav[0] + "</groupId><artifactId>"
                + gav[1] + "</artifactId><version>" + gav[2] + "</version></dependency>"));
        Path out = project.resolve("classpath.txt");
        Tools.ok(project, Map.of(), command(work, empty(work), SEED, DEPENDENCY_PLUGIN + ":build-classpath",
                "-Dmdep.outputFile=" + out));
        return Files.readString(out).trim();
    }

    /** One artifact's file, without its dependencies, fetched into {@link #SEED}. */
    public static Path artifact(Path work, String coordinates) throws Exception {
        Tools.ok(work, Map.of(), command(work, empty(work), SEED, DEPENDENCY_PLUGIN + ":get",
                "-Dartifact=" + coordinates, "-Dtransitive=false"));
        String[] gav = coordinates.split(":");
        return SEED.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + ".jar");
    }

    /** Makes sure the seed holds what {@code dependency:resolve} itself needs, so later resolves can run offline. */
    public static void seedDependencyPlugin(Path work) throws Exception {
        Path project = Files.createDirectories(work.resolve("seed"));
        Files.writeString(project.resolve("pom.xml"), pom(""));
        Tools.ok(project, Map.of(), command(work, empty(work), SEED, DEPENDENCY_PLUGIN + ":resolve"));
    }

    /**
     * Settings that send every repository except {@code depot} to a {@code file://} mirror of {@link #SEED} and add
     * Depot (releases and snapshots) through an active profile, authenticating with a Private-Token header.
     */
    public static Path offlineSettings(Path work, String depotUrl, String token) throws Exception {
        Path settings = work.resolve("offline-settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>seed</id><mirrorOf>*,!depot</mirrorOf><url>"
                + SEED.toUri() + "</url></mirror></mirrors>"
                + "<servers><server><id>depot</id><configuration><httpHeaders><property><name>Private-Token</name>"
                + "<value>" + token + "</value></property></httpHeaders></configuration></server></servers>"
                + "<profiles><profile><id>depot</id><repositories><repository><id>depot</id><url>" + depotUrl
                + "</url><releases><enabled>true</enabled></releases><snapshots><enabled>true</enabled></snapshots>"
                + "</repository></repositories></profile></profiles>"
                + "<activeProfiles><activeProfile>depot</activeProfile></activeProfiles></settings>");
        return settings;
    }

    public static String pom(String dependencies) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>depot.test</groupId><artifactId>consumer</artifactId><version>1</version>"
                + "<dependencies>" + dependencies + "</dependencies></project>";
    }

    public static Path empty(Path work) throws Exception {
        Path empty = work.resolve("empty-settings.xml");
        if (!Files.exists(empty)) Files.writeString(empty, "<settings/>");
        return empty;
    }
}

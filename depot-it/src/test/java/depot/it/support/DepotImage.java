package depot.it.support;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Depot's container image, built with Jib from scratch: a runtime layer (a jlink'd Java runtime of the modules
 * Depot uses, at /opt/java, plus the shared libraries it loads, found with ldd) and an application layer (the
 * packaged jar at /app/depot.jar). Data lives in /data; the entrypoint is {@code java -jar /app/depot.jar serve}.
 * No base image is pulled, so the image builds where no public registry is reachable.
 */
public final class DepotImage {
    /** What {@code jdeps --print-module-deps} reports for depot.jar, plus what libraries load reflectively. */
    static final String MODULES = "java.base,java.desktop,java.instrument,java.management,java.naming,java.net.http,"
            + "java.rmi,java.security.jgss,java.sql,jdk.jfr,jdk.net,jdk.unsupported,jdk.crypto.ec,jdk.zipfs";
    /** Where the image's loader finds libraries (the runtime's own, then the system's copied in). */
    public static final String LIBRARY_PATH = "/opt/java/lib:/opt/java/lib/server:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu";
    private static final Path DIR = Path.of("target", "image").toAbsolutePath();
    private static final Pattern LIB = Pattern.compile("=>\\s+(/\\S+)|^\\s+(/\\S+)\\s+\\(");

    private DepotImage() {}

    /** Builds the image and pushes it; returns the pushed manifest's digest. */
    public static String push(String image, String username, String password) throws Exception {
        Path runtime = runtime();
        Path jar = Path.of("..", "depot-server", "target", "depot.jar").toAbsolutePath().normalize();
        FileEntriesLayer.Builder base = FileEntriesLayer.builder().setName("java runtime");
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    base.addEntry(p, AbsoluteUnixPath.get("/opt/java/" + runtime.relativize(p)),
                            Files.isExecutable(p) ? FilePermissions.fromOctalString("755")
                                    : FilePermissions.fromOctalString("644"));
                }
            }
        }
        for (Path lib : libraries(runtime)) {
            base.addEntry(lib.toRealPath(), AbsoluteUnixPath.get(lib.toString()), FilePermissions.fromOctalString("755"));
        }
        // the ELF interpreter every binary names
        base.addEntry(Path.of("/lib64/ld-linux-x86-64.so.2").toRealPath(),
                AbsoluteUnixPath.get("/lib64/ld-linux-x86-64.so.2"), FilePermissions.fromOctalString("755"));
        FileEntriesLayer app = FileEntriesLayer.builder().setName("depot")
                .addEntry(jar, AbsoluteUnixPath.get("/app/depot.jar")).build();
        System.setProperty("sendCredentialsOverHttp", "true");
        JibContainer built = Jib.fromScratch()
                .addFileEntriesLayer(base.build())
                .addFileEntriesLayer(app)
                .setEnvironment(Map.of("PATH", "/opt/java/bin:/usr/bin:/bin",
                        "LD_LIBRARY_PATH", LIBRARY_PATH,
                        "DEPOT_DATA_DIR", "/data", "DEPOT_BIND", "0.0.0.0"))
                .setEntrypoint(List.of("/opt/java/bin/java", "-Xmx256m", "-Djava.io.tmpdir=/data/tmp", "-jar",
                        "/app/depot.jar"))
                .setProgramArguments(List.of("serve"))
                .setExposedPorts(Set.of(Port.tcp(8080)))
                .setVolumes(Set.of(AbsoluteUnixPath.get("/data")))
                .containerize(Containerizer.to(RegistryImage.named(image).addCredential(username, password))
                        .setAllowInsecureRegistries(true));
        return built.getDigest().toString();
    }

    /** A jlink'd runtime of {@link #MODULES}, made once per checkout. */
    static synchronized Path runtime() throws Exception {
        Path runtime = DIR.resolve("java");
        if (Files.isExecutable(runtime.resolve("bin/java"))) return runtime;
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Files.createDirectories(DIR);
        Tools.ok(DIR, Map.of(), List.of(jlink.toString(), "--add-modules", MODULES, "--output", runtime.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2"));
        return runtime;
    }

    /**
     * The shared libraries java, the JVM and the runtime's headless natives need (AWT's X11 libraries are left out),
     * and glibc's libraries that JNI code and name lookups load at run time.
     */
    static Set<Path> libraries(Path runtime) throws Exception {
        Set<Path> libs = new LinkedHashSet<>();
        List<String> objects = new java.util.ArrayList<>(List.of(runtime.resolve("bin/java").toString(),
                runtime.resolve("lib/server/libjvm.so").toString()));
        try (Stream<Path> files = Files.list(runtime.resolve("lib"))) {
            files.map(Path::toString).filter(f -> f.endsWith(".so"))
                    .filter(f -> !f.matches(".*/lib(awt_xawt|splashscreen|jsound|fontmanager|lcms|javajpeg|awt)\\.so"))
                    .forEach(objects::add);
        }
        // what the JVM's own natives do not link but JNI libraries (SQLite's) and name lookups (NSS) load
        for (String glibc : List.of("libdl.so.2", "libpthread.so.0", "librt.so.1", "libm.so.6", "libresolv.so.2",
                "libnss_files.so.2", "libnss_dns.so.2", "libgcc_s.so.1")) {
            Path lib = Path.of("/lib/x86_64-linux-gnu", glibc);
            if (Files.exists(lib)) libs.add(lib);
        }
        for (String object : objects) {
            Tools.Result r = Tools.run(DIR, Map.of(), List.of("ldd", object));
            for (String line : r.stdout().split("\n")) {
                Matcher m = LIB.matcher(line);
                if (!m.find()) continue;
                String path = m.group(1) != null ? m.group(1) : m.group(2);
                if (!path.startsWith(runtime.toString()) && !path.contains("ld-linux")) libs.add(Path.of(path));
            }
        }
        return libs;
    }
}

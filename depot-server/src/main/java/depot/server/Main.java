package depot.server;

import depot.core.blob.BlobStore;
import depot.core.blob.FsBlobStore;
import depot.core.blob.S3BlobStore;
import depot.core.db.Clock;
import depot.core.model.User;
import depot.core.packages.Maintenance;
import depot.http.FormatCommand;
import depot.http.PackageFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: {@code depot serve | gc | fsck | migrate-storage | migrate-db | token}, and the formats' commands ({@code cleanup}). */
@Command(name = "depot", mixinStandardHelpOptions = true, version = "depot 0.1.0",
        subcommands = {Main.Serve.class, Main.Gc.class, Main.Fsck.class,
                Main.MigrateStorage.class, Main.MigrateDb.class, Main.Token.class},
        description = "A self-hosted, multi-format package registry.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        String[] rest;
        try {
            rest = settingFlags(args);
        } catch (Config.BadSetting e) {
            System.err.println("depot: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (rest.length > 0 && rest[0].equals("serve")) {
            // the server needs neither picocli's model of the other commands nor the formats' commands (~0.1 s)
            CommandLine serve = new CommandLine(new Serve()).setCommandName("depot serve");
            serve.getCommandSpec().usageMessage().footer(settingsFooter()).width(160);
            System.exit(reportingSettings(serve).execute(java.util.Arrays.copyOfRange(rest, 1, rest.length)));
        }
        System.exit(reportingSettings(commandLine()).execute(rest));
    }

    /** A setting that does not parse ends the command with one line naming it (exit 2), not a stack trace. */
    static CommandLine reportingSettings(CommandLine cli) {
        CommandLine.IExecutionExceptionHandler fallback = cli.getExecutionExceptionHandler();
        return cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (!(e instanceof Config.BadSetting)) return fallback.handleExecutionException(e, line, parsed);
            line.getErr().println("depot: " + e.getMessage());
            return 2;
        });
    }

    /** The command line with the commands of every format on the class path. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (PackageFormat format : Services.formats()) {
            for (FormatCommand command : format.commands()) {
                CommandLine sub = new CommandLine(new FormatCommandLine(command));
                sub.getCommandSpec().usageMessage().description(command.description());
                cli.addSubcommand(command.name(), sub);
            }
        }
        return cli;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    /** Settings every command accepts; they override DEPOT_* variables and depot.yml. */
    /** Settings given as flags that have no option of their own ({@code --s3-bucket b}, {@code --gc-grace=0s}). */
    static final Map<String, String> OTHER_FLAGS = new LinkedHashMap<>();
    /** The settings that are options of {@link Settings} (picocli parses them). */
    private static final java.util.Set<String> OWN = java.util.Set.of("config", "port", "bind", "external_url",
            "data_dir", "database_url", "blob_dir", "max_upload_size");

    /**
     * Takes every {@code --key value} / {@code --key=value} whose key is a setting (README, "Configuration") but not
     * one of the options below out of the arguments, into {@link #OTHER_FLAGS}; the rest goes to picocli.
     */
    static String[] settingFlags(String[] args) {
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? Config.normalize(arg.substring(2).split("=", 2)[0]) : "";
            boolean setting = !OWN.contains(name) && (Config.KEYS.containsKey(name) || name.startsWith("max_upload_size_"));
            if (!setting) {
                rest.add(arg);
            } else if (arg.contains("=")) {
                OTHER_FLAGS.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                OTHER_FLAGS.put(name, args[++i]);
            } else {
                throw new Config.BadSetting("setting " + name + ": " + arg + " needs a value");
            }
        }
        return rest.toArray(String[]::new);
    }

    /** The usage's footer: every setting that is a flag without an option of its own, with its default and help. */
    static String settingsFooter() {
        StringBuilder b = new StringBuilder("%nEvery setting is also a flag (and DEPOT_<NAME>, and a depot.yml key):%n");
        Config.KEYS.forEach((key, v) -> {
            if (!OWN.contains(key)) {
                b.append(String.format("      --%-28s %s (default: %s)%%n", key.replace('_', '-'), v[1].replace("%", "%%"),
                        v[0].isEmpty() ? "none" : v[0].replace("%", "%%")));
            }
        });
        return b.toString();
    }

    static class Settings {
        @Option(names = "--config", description = "depot.yml to read (default ./depot.yml)") Path config;
        @Option(names = "--port") String port;
        @Option(names = "--bind") String bind;
        @Option(names = "--external-url") String externalUrl;
        @Option(names = "--data-dir") String dataDir;
        @Option(names = "--database-url") String databaseUrl;
        @Option(names = "--blob-dir") String blobDir;
        @Option(names = "--max-upload-size") String maxUploadSize;

        Config load() throws Exception {
            Map<String, String> flags = new LinkedHashMap<>(OTHER_FLAGS);
            put(flags, "port", port);
            put(flags, "bind", bind);
            put(flags, "external_url", externalUrl);
            put(flags, "data_dir", dataDir);
            put(flags, "database_url", databaseUrl);
            put(flags, "blob_dir", blobDir);
            put(flags, "max_upload_size", maxUploadSize);
            return Config.load(flags, System.getenv(), config);
        }

        private static void put(Map<String, String> m, String k, String v) {
            if (v != null) m.put(k, v);
        }
    }

    @Command(name = "serve", description = "Start the server.", mixinStandardHelpOptions = true)
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();

        @Override
        public Integer call() throws Exception {
            Config config = settings.load();
            requireFree("port", config.bind(), config.port());
            if (config.https() != null) requireFree("tls_port", config.https().bind(), config.https().port());
            DepotServer server = new DepotServer(config).start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    /**
     * A port another process holds ends the command with one line naming the setting, before the data directory or
     * the admin user is created (a later clash, in the moment between this check and the start, still fails it).
     */
    static void requireFree(String setting, String bind, int port) {
        if (port == 0) return;
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(bind, port));
        } catch (java.io.IOException e) {
            throw new Config.BadSetting("setting " + setting + ": cannot listen on " + bind + ":" + port + ": "
                    + e.getMessage());
        }
    }

    @Command(name = "gc", description = "Delete blobs that no package references and that are older than the grace period.")
    static final class Gc implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();
        @Option(names = "--grace", description = "keep unreferenced blobs younger than this (e.g. 1h, 0s)") String grace;

        @Override
        public Integer call() throws Exception {
            Config config = settings.load();
            long graceMillis = grace != null ? Config.parseDuration(grace) : config.gcGraceMillis();
            try (var services = closeable(Services.open(config, Clock.SYSTEM))) {
                Progress progress = new Progress("gc");
                Maintenance.GcResult r = services.value().maintenance().gc(graceMillis, progress::update);
                progress.done();
                r.parts().forEach((part, removed) -> System.out.printf("gc: %s: %s removed%n", part,
                        removed.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                                .collect(java.util.stream.Collectors.joining(", "))));
                System.out.printf("gc: scanned %d blobs, deleted %d, freed %s%n", r.scanned(), r.deleted(),
                        Progress.bytes(r.bytesFreed()));
            }
            return 0;
        }
    }

    /** A command a format contributes ({@link FormatCommand}), with the settings every command takes and --dry-run. */
    @Command(mixinStandardHelpOptions = true)
    static final class FormatCommandLine implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();
        @Option(names = "--dry-run", description = "report what would change, change nothing") boolean dryRun;
        private final FormatCommand command;

        FormatCommandLine(FormatCommand command) { this.command = command; }

        @Override
        public Integer call() throws Exception {
            Config config = settings.load();
            try (var services = closeable(Services.open(config, Clock.SYSTEM))) {
                Progress progress = new Progress(command.name());
                int code = command.run(services.value().formatContext(config, Services.formats()), dryRun,
                        System.out, progress::update);
                progress.done();
                return code;
            }
        }
    }

    @Command(name = "fsck", description = "Re-hash every blob and report those whose bytes do not match their digest.")
    static final class Fsck implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();

        @Override
        public Integer call() throws Exception {
            try (var services = closeable(Services.open(settings.load(), Clock.SYSTEM))) {
                Progress progress = new Progress("fsck");
                Maintenance.FsckResult r = services.value().maintenance().fsck(progress::update);
                progress.done();
                for (String bad : r.corrupt()) System.out.println("CORRUPT " + bad);
                for (String gone : r.missing()) System.out.println("MISSING " + gone);
                System.out.printf("fsck: checked %d blobs (%s), %d corrupt, %d missing, %d unreferenced%n", r.checked(),
                        Progress.bytes(r.bytes()), r.corrupt().size(), r.missing().size(), r.unreferenced());
                return r.corrupt().isEmpty() && r.missing().isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "migrate-storage", description = "Copy every blob from the filesystem store (blob_dir) into the "
            + "S3 store the s3_* settings name, verifying each digest; then set blob_store: s3. Safe to re-run.")
    static final class MigrateStorage implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();

        @Override
        public Integer call() throws Exception {
            Config config = settings.load();
            BlobStore from = new FsBlobStore(config.blobDir());
            BlobStore to = new S3BlobStore(config.s3Settings());
            List<BlobStore.BlobEntry> all = new java.util.ArrayList<>();
            from.forEach(all::add);
            Progress progress = new Progress("migrate-storage");
            long copied = 0;
            long skipped = 0;
            long bytes = 0;
            for (BlobStore.BlobEntry e : all) {
                if (to.size(e.sha256()).filter(size -> size == e.size()).isPresent()) {
                    skipped++;
                } else {
                    try (var in = from.open(e.sha256(), 0, e.size()).orElseThrow()) {
                        String got = to.put(in, e.size()).sha256();
                        if (!got.equals(e.sha256())) {
                            System.err.println("migrate-storage: " + e.sha256() + " read back as " + got
                                    + " (corrupt on the filesystem; run depot fsck)");
                            return 1;
                        }
                    }
                    copied++;
                }
                bytes += e.size();
                progress.update(new Maintenance.Progress("copy", copied + skipped, bytes));
            }
            progress.done();
            System.out.printf("migrate-storage: %d blobs (%s): %d copied, %d already there%n", all.size(),
                    Progress.bytes(bytes), copied, skipped);
            return 0;
        }
    }

    @Command(name = "migrate-db", description = "Copy every row of this installation's database (the embedded SQLite) "
            + "into an empty PostgreSQL database, in one transaction; then set database_url to it.")
    static final class MigrateDb implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();
        @Option(names = "--to", required = true, description = "jdbc:postgresql://host/db of the new database") String to;
        @Option(names = "--to-user") String toUser;
        @Option(names = "--to-password") String toPassword;

        @Override
        public Integer call() throws Exception {
            Config config = settings.load();
            java.util.Map<String, String> migrations = Services.migrations(Services.formats());
            try (var from = depot.core.db.Database.open(config.databaseUrl(), config.databaseUser(),
                    config.databasePassword(), migrations);
                 var target = depot.core.db.Database.open(to, toUser, toPassword, migrations)) {
                Progress progress = new Progress("migrate-db");
                long[] total = {0};
                java.util.Map<String, Long> rows = depot.server.ops.DatabaseCopy.copy(from, target,
                        (table, n) -> progress.update(new Maintenance.Progress(table, n, 0)));
                progress.done();
                rows.values().forEach(n -> total[0] += n);
                System.out.printf("migrate-db: %d rows in %d tables copied to %s%n", total[0], rows.size(), to);
            }
            return 0;
        }
    }

    @Command(name = "token", description = "Create a personal access token for a user and print it once.")
    static final class Token implements Callable<Integer> {
        @CommandLine.Mixin Settings settings = new Settings();
        @Option(names = "--user", required = true) String username;
        @Option(names = "--name", defaultValue = "cli") String name;
        @Option(names = "--scopes", split = ",", defaultValue = "api") List<String> scopes;

        @Override
        public Integer call() throws Exception {
            try (var services = closeable(Services.open(settings.load(), Clock.SYSTEM))) {
                User user = services.value().identities().userByUsername(username).orElse(null);
                if (user == null) {
                    System.err.println("no such user: " + username);
                    return 1;
                }
                var issued = services.value().directoryService().createPersonalToken(user, name, scopes, null, null);
                services.value().audit().record(null, "token_created", "PersonalAccessToken", issued.record().id(),
                        "personal access token \"" + name + "\" for " + username + " (depot token, command line)");
                System.out.println(issued.token());
                return 0;
            }
        }
    }

    record Closeable(Services value) implements AutoCloseable {
        @Override
        public void close() { value.database().close(); }
    }

    static Closeable closeable(Services services) { return new Closeable(services); }
}

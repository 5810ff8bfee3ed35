package depot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir Path dir;

    /** Formats contribute their own settings: they are documented keys, and taken from the command line. */
    @Test
    void the_formats_settings_are_settings() {
        assertThat(Config.KEYS).containsKeys("conan_instance_project", "dependency_proxy_upstream",
                "dependency_proxy_auth_hosts");
        String[] rest = Main.settingFlags(new String[] {"serve", "--conan-instance-project=acme/cpp", "--port", "9"});
        assertThat(rest).containsExactly("serve", "--port", "9");
        assertThat(Main.OTHER_FLAGS).containsEntry("conan_instance_project", "acme/cpp");
    }

    @Test
    void defaults_apply_when_nothing_is_set() throws Exception {
        Config c = Config.load(Map.of(), Map.of(), dir.resolve("absent.yml"));

        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.externalUrl()).isEqualTo("http://localhost:8080");
        assertThat(c.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("depot.db");
        assertThat(c.maxUploadBytes()).isEqualTo(5L << 30);
    }

    @Test
    void reliability_settings_have_gitlabs_defaults_and_read_lists_and_durations() throws Exception {
        Config none = Config.load(Map.of(), Map.of(), dir.resolve("absent.yml"));
        Config set = Config.load(Map.of(), Map.of("DEPOT_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2,",
                "DEPOT_AUTH_FAILURE_WINDOW", "2m", "DEPOT_MAX_THREADS", "64"), dir.resolve("absent.yml"));

        assertThat(none.trustedProxies()).isEmpty();
        assertThat(none.intSetting("auth_failure_limit", 30)).isEqualTo(30);
        assertThat(none.durationSetting("auth_failure_ban", "1h")).isEqualTo(3_600_000L);
        assertThat(set.trustedProxies()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
        assertThat(set.durationSetting("auth_failure_window", "1m")).isEqualTo(120_000L);
        assertThat(set.intSetting("max_threads", 400)).isEqualTo(64);
    }

    @Test
    void flags_beat_environment_which_beats_the_file() throws Exception {
        Path yml = dir.resolve("depot.yml");
        Files.writeString(yml, "port: 7000\nbind: 0.0.0.0\nmax_upload_size: 10m\nexternal_url: https://file.example/\n");

        Config c = Config.load(Map.of("port", "9000"), Map.of("DEPOT_PORT", "8000", "DEPOT_BIND", "10.0.0.1",
                "DEPOT_MAX_UPLOAD_SIZE_GENERIC", "1k"), yml);

        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.bind()).isEqualTo("10.0.0.1");
        assertThat(c.maxUploadBytes()).isEqualTo(10L << 20);
        assertThat(c.maxUploadBytesPerType()).containsEntry("generic", 1024L);
        assertThat(c.externalUrl()).isEqualTo("https://file.example");
    }

    @Test
    void https_is_on_with_a_certificate_and_a_key_and_then_the_external_url_is_https() throws Exception {
        // given: the keys under their three names
        assertThat(Config.KEYS).containsKeys("tls_cert", "tls_key", "tls_port", "tls_bind");
        String[] rest = Main.settingFlags(new String[] {"serve", "--tls-cert", "/etc/depot/cert.pem", "--tls-port=9443"});
        assertThat(rest).containsExactly("serve");
        assertThat(Main.OTHER_FLAGS).containsEntry("tls_cert", "/etc/depot/cert.pem").containsEntry("tls_port", "9443");
        Path absent = dir.resolve("absent.yml");

        // when
        Config off = Config.load(Map.of(), Map.of(), absent);
        Config on = Config.load(Map.of("tls_key", "key.pem"), Map.of("DEPOT_TLS_CERT", "cert.pem", "DEPOT_BIND", "0.0.0.0"),
                absent);
        Config set = Config.load(Map.of("tls_port", "0", "tls_bind", "127.0.0.1", "external_url", "https://depot.test"),
                Map.of("DEPOT_TLS_CERT", "cert.pem", "DEPOT_TLS_KEY", "key.pem"), absent);

        // then
        assertThat(off.https()).isNull();
        assertThat(off.externalUrl()).isEqualTo("http://localhost:8080");
        assertThat(on.https()).isEqualTo(new Config.Https(Path.of("cert.pem").toAbsolutePath(),
                Path.of("key.pem").toAbsolutePath(), "0.0.0.0", 8443));
        assertThat(on.externalUrl()).isEqualTo("https://localhost:8443");
        assertThat(set.https().bind()).isEqualTo("127.0.0.1");
        assertThat(set.https().port()).isZero();
        assertThat(set.externalUrl()).isEqualTo("https://depot.test");
    }

    @Test
    void a_certificate_without_a_key_or_a_key_without_a_certificate_is_a_bad_setting() {
        Path absent = dir.resolve("absent.yml");
        assertThatThrownBy(() -> Config.load(Map.of(), Map.of("DEPOT_TLS_CERT", "cert.pem"), absent))
                .isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_key: tls_cert is set but tls_key is not (HTTPS needs both)");
        assertThatThrownBy(() -> Config.load(Map.of("tls_key", "key.pem", "tls_cert", " "), Map.of(), absent))
                .isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting tls_cert: tls_key is set but tls_cert is not (HTTPS needs both)");
    }

    @Test
    void serve_help_lists_every_setting_and_a_flag_without_its_value_is_named() {
        String footer = String.format(Main.settingsFooter());
        assertThat(footer).contains("--tls-cert").contains("--s3-bucket").contains("--gc-grace")
                .doesNotContain("--port ");
        assertThatThrownBy(() -> Main.settingFlags(new String[] {"serve", "--tls-cert"}))
                .isInstanceOf(Config.BadSetting.class).hasMessage("setting tls_cert: --tls-cert needs a value");
    }

    @Test
    void https_on_the_http_port_or_on_a_port_in_use_is_a_bad_setting() throws Exception {
        Path absent = dir.resolve("absent.yml");
        assertThatThrownBy(() -> Config.load(Map.of("tls_cert", "c.pem", "tls_key", "k.pem", "port", "9443",
                "tls_port", "9443"), Map.of(), absent))
                .isInstanceOf(Config.BadSetting.class).hasMessageStartingWith("setting tls_port: 9443 is the HTTP port too");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Main.requireFree("tls_port", "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(Config.BadSetting.class)
                    .hasMessageStartingWith("setting tls_port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void sizes_and_durations_parse_with_units() {
        assertThat(Config.parseSize("512")).isEqualTo(512);
        assertThat(Config.parseSize("2g")).isEqualTo(2L << 30);
        assertThat(Config.parseSize("3MB")).isEqualTo(3L << 20);
        assertThat(Config.parseDuration("90s")).isEqualTo(90_000);
        assertThat(Config.parseDuration("2h")).isEqualTo(7_200_000);
        assertThat(Config.parseDuration("0")).isZero();
    }

    @Test
    void values_out_of_range_and_files_that_are_missing_or_not_yaml_are_bad_settings_too() throws Exception {
        Path absent = dir.resolve("absent.yml");
        Path notYaml = Files.writeString(dir.resolve("broken.yml"), "port: [8080\n");
        Path list = Files.writeString(dir.resolve("list.yml"), "- port\n- 9000\n");

        for (Map<String, String> env : java.util.List.of(Map.of("DEPOT_PORT", "99999"), Map.of("DEPOT_PORT", "-1"),
                Map.of("DEPOT_MAX_THREADS", "0"), Map.of("DEPOT_MAX_THREADS_PER_CLIENT", "0"),
                Map.of("DEPOT_BLOB_STORE", "ftp"), Map.of("DEPOT_TLS_PORT", "65536"), Map.of("DEPOT_TLS_PORT", "https"), Map.of("DEPOT_DATABASE_URL", "jdbc:mysql://x/y"),
                Map.of("DEPOT_CONFIG", absent.toString()), Map.of("DEPOT_CONFIG", notYaml.toString()),
                Map.of("DEPOT_CONFIG", list.toString()))) {
            String key = env.keySet().iterator().next().substring("DEPOT_".length()).toLowerCase();
            assertThatThrownBy(() -> Config.load(Map.of(), env, null)).as(env.toString())
                    .isInstanceOf(Config.BadSetting.class).hasMessageStartingWith("setting " + key + ": ");
        }
        assertThat(Config.load(Map.of(), Map.of("DEPOT_PORT", "65535", "DEPOT_BLOB_STORE", "S3"), absent).port())
                .isEqualTo(65535);
    }

    @Test
    void a_setting_that_does_not_parse_is_named_in_one_line_and_the_command_ends_with_status_2() throws Exception {
        // given: a size, a duration and a port as a user mistypes them
        Map<String, String> sizes = Map.of("DEPOT_MAX_UPLOAD_SIZE", "lots");
        Map<String, String> durations = Map.of("DEPOT_GC_GRACE", "1 week");
        Map<String, String> ports = Map.of("DEPOT_PORT", "80a");
        Map<String, String> threads = Map.of("DEPOT_MAX_THREADS", "many");

        // then: each is refused with its name and what a valid value looks like
        assertThatThrownBy(() -> Config.load(Map.of(), sizes, dir.resolve("absent.yml")))
                .isInstanceOf(Config.BadSetting.class)
                .hasMessage("setting max_upload_size: 'lots' is not a size (a number of bytes, or with k, m, g or t: "
                        + "512m, 5g)");
        assertThatThrownBy(() -> Config.load(Map.of(), durations, dir.resolve("absent.yml")))
                .isInstanceOf(Config.BadSetting.class).hasMessageStartingWith("setting gc_grace: '1 week' is not a duration");
        assertThatThrownBy(() -> Config.load(Map.of(), ports, dir.resolve("absent.yml")))
                .isInstanceOf(Config.BadSetting.class).hasMessage("setting port: '80a' is not a whole number");
        assertThatThrownBy(() -> Config.load(Map.of(), threads, dir.resolve("absent.yml")))
                .isInstanceOf(Config.BadSetting.class).hasMessage("setting max_threads: 'many' is not a whole number");
        assertThatThrownBy(() -> Config.parseSize("99999999999t")).isInstanceOf(Config.BadSetting.class);

        // and the command line prints that line alone, with status 2
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.reportingSettings(new picocli.CommandLine(new MistypedPort()));
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("depot: setting port: '80a' is not a whole number" + System.lineSeparator());
    }

    @picocli.CommandLine.Command(name = "serve")
    static final class MistypedPort implements Runnable {
        @Override
        public void run() {
            throw new Config.BadSetting("setting port: '80a' is not a whole number");
        }
    }
}

package depot.server;

import static org.assertj.core.api.Assertions.assertThat;

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
    void sizes_and_durations_parse_with_units() {
        assertThat(Config.parseSize("512")).isEqualTo(512);
        assertThat(Config.parseSize("2g")).isEqualTo(2L << 30);
        assertThat(Config.parseSize("3MB")).isEqualTo(3L << 20);
        assertThat(Config.parseDuration("90s")).isEqualTo(90_000);
        assertThat(Config.parseDuration("2h")).isEqualTo(7_200_000);
        assertThat(Config.parseDuration("0")).isZero();
    }
}

package depot.it.formats;

import static org.assertj.core.api.Assertions.assertThat;

import depot.http.PackageFormat;
import depot.it.support.OneStack;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

@OneStack
class FormatTestKitsTest {
    /** Kits are found through the services file: a format without one listed there would miss the shared tests. */
    @Test
    void every_format_the_server_loads_has_one_test_kit() {
        // given
        var formats = ServiceLoader.load(PackageFormat.class).stream().map(p -> p.get().type()).toList();

        // when
        var kits = FormatTestKits.all().stream().map(FormatTestKit::type).toList();

        // then
        assertThat(kits).as("the types of the FormatTestKits listed in depot-it/src/test/resources/META-INF/services/"
                + FormatTestKit.class.getName() + " (one per format, in its depot-it package)")
                .containsExactlyInAnyOrderElementsOf(formats);
    }
}

package depot.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: a document compared byte for byte with {@code src/test/resources/golden/<name>} of the test's
 * module. Run with {@code -Dgolden.write=target/golden} to write the current output there for review (never over
 * the golden files themselves).
 */
public final class Golden {
    private Golden() {}

    public static void same(Class<?> test, String name, String actual) throws IOException {
        String dir = System.getProperty("golden.write");
        if (dir != null) Files.writeString(Files.createDirectories(Path.of(dir)).resolve(name), actual);
        String expected;
        try (InputStream in = test.getResourceAsStream("/golden/" + name)) {
            expected = in == null ? "(missing golden file " + name + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).as("golden file " + name).isEqualTo(expected);
    }
}

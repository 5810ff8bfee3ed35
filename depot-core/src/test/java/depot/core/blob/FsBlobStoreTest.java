package depot.core.blob;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FsBlobStoreTest extends BlobStoreContract {
    @TempDir Path dir;
    private int n;

    @Override
    protected BlobStore store() throws IOException {
        return new FsBlobStore(dir.resolve("store-" + n++));
    }
}

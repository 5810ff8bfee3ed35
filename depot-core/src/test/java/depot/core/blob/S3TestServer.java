package depot.core.blob;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;

/**
 * A real S3-compatible server for tests: S3Proxy over its filesystem backend, on a free loopback port, with AWS
 * signature authentication. A bucket is a directory under the base directory.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "depot-test";
    public static final String SECRET_KEY = "depot-test-secret-key";
    private final S3Proxy proxy;
    private final Path base;
    private final String endpoint;

    public S3TestServer(Path base) throws Exception {
        this.base = base;
        Files.createDirectories(base);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = "http://127.0.0.1:" + port;
        Properties p = new Properties();
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", base.toString());
        p.setProperty("s3proxy.endpoint", endpoint);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        proxy = S3Proxy.Builder.fromProperties(p).blobStore(BlobStores.create("filesystem", p)).build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start");
            Thread.sleep(10);
        }
    }

    public String endpoint() { return endpoint; }

    /** Creates an empty bucket. */
    public String bucket(String name) throws IOException {
        Files.createDirectories(base.resolve(name));
        return name;
    }

    /** Settings for a store on a bucket of this server (path-style, 5 MiB parts). */
    public S3BlobStore.Settings settings(String bucket, Duration presignFor) {
        return new S3BlobStore.Settings(endpoint, "us-east-1", bucket, "depot/", true, ACCESS_KEY, SECRET_KEY,
                S3BlobStore.MIN_PART, presignFor);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

}

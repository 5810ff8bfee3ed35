package depot.it.support;

import depot.core.blob.S3TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The S3 server of the scale-out test run ({@code -Ddepot.it.stack=postgres-s3}): one S3Proxy per test JVM, started
 * on first use, a fresh bucket per Depot.
 */
public final class ObjectStore {
    private static S3TestServer server;
    private static Path base;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private ObjectStore() {}

    /** Depot settings for a new, empty bucket. */
    public static synchronized Map<String, String> newBucket() throws IOException {
        if (server == null) {
            base = Files.createTempDirectory("depot-s3-");
            try {
                server = new S3TestServer(base);
            } catch (Exception e) {
                throw new IllegalStateException("could not start S3Proxy", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(ObjectStore::shutdown));
        }
        String bucket = server.bucket("depot-" + BUCKETS.incrementAndGet());
        return Map.of("blob_store", "s3", "s3_endpoint", server.endpoint(), "s3_bucket", bucket, "s3_prefix", "depot/",
                "s3_access_key", S3TestServer.ACCESS_KEY, "s3_secret_key", S3TestServer.SECRET_KEY,
                "s3_part_size", "5m");
    }

    /** An S3 client of the test server, for looking into buckets as an operator would. */
    public static synchronized software.amazon.awssdk.services.s3.S3Client client() {
        return software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(java.net.URI.create(server.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3TestServer.ACCESS_KEY,
                                S3TestServer.SECRET_KEY)))
                .build();
    }

    /** Where a bucket's temporary objects (uploads in progress) lie on the S3 server's disk. */
    public static Path temporaryDir(String bucket) {
        return base.resolve(bucket).resolve("depot").resolve("tmp");
    }

    private static void shutdown() {
        try {
            server.close();
            try (var files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (Exception ignored) {
            // the JVM is going away anyway
        }
    }
}

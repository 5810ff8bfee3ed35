package depot.core.blob;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects {@code <prefix>sha256/ab/cd/<hex>} in an S3-compatible bucket. An upload is read once, in parts:
 * one that fits a single part is put straight under its digest; a larger one streams as a multipart upload to
 * {@code <prefix>tmp/<uuid>} and, once its digest is known, is copied server-side under its name and the temporary
 * object deleted — so readers never see a partial blob, and no more than one part is ever held in memory.
 * Existing blobs are "touched" by copying them onto themselves, which refreshes their modification time for gc.
 */
public final class S3BlobStore implements BlobStore {
    /** S3's limits: parts of 5 MiB at least (but the last), a single copy of at most 5 GiB. */
    static final int MIN_PART = 5 << 20;
    private static final long MAX_SINGLE_COPY = 5L << 30;
    /** Bodies up to this size are sent again rather than looked for first (a larger one is touched if it exists). */
    private static final int SEND_AGAIN_BYTES = 256 << 10;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final Duration presignFor;

    /**
     * Where the bucket is and how to reach it. {@code endpoint} null means the provider's default for the region;
     * null keys mean the SDK's default credential chain. {@code presignFor} null keeps downloads on Depot.
     */
    public record Settings(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
                           String accessKey, String secretKey, int partSize, Duration presignFor) {}

    public S3BlobStore(Settings s) {
        if (s.bucket() == null || s.bucket().isBlank()) throw new IllegalArgumentException("s3_bucket is required");
        if (s.partSize() < MIN_PART) throw new IllegalArgumentException("the S3 part size must be at least 5 MiB");
        var credentials = s.accessKey() == null || s.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
        Region region = Region.of(s.region() == null || s.region().isBlank() ? "us-east-1" : s.region());
        var builder = S3Client.builder().region(region).credentialsProvider(credentials)
                .forcePathStyle(s.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle()).build());
        if (s.endpoint() != null && !s.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(s.endpoint()));
            presign.endpointOverride(URI.create(s.endpoint()));
        }
        this.s3 = builder.build();
        this.presigner = presign.build();
        this.bucket = s.bucket();
        this.prefix = s.prefix() == null ? "" : s.prefix();
        this.partSize = s.partSize();
        this.presignFor = s.presignFor();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            throw new IllegalStateException("the S3 bucket " + bucket + " cannot be used: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the S3 bucket " + bucket + " cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public StoredBlob put(InputStream in, long maxBytes, java.util.Set<Checksum> wanted) throws IOException {
        PartBuffer part = new PartBuffer(partSize);
        try (UploadDigests digests = new UploadDigests(wanted, PartBuffer.CHUNK)) {
            part.fill(in, digests, maxBytes);
            if (!part.full()) {
                StoredBlob blob = digests.finish();
                String key = key(blob.sha256());
                // a small body is put again whether or not the object exists (the same bytes under the same key, and a
                // new modification time for gc's grace): one request, where a touch first made a new blob cost two
                if (part.filled() <= SEND_AGAIN_BYTES || !touch(key)) {
                    s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) part.filled()), part.body());
                }
                return blob;
            }
            return putMultipart(in, part, digests, maxBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        } catch (S3Exception e) {
            throw new IOException("the object store refused the upload: " + e.getMessage(), e);
        }
    }

    private StoredBlob putMultipart(InputStream in, PartBuffer part, UploadDigests digests, long maxBytes)
            throws IOException, InterruptedException {
        String temp = prefix + "tmp/" + UUID.randomUUID();
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(temp)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            while (part.filled() > 0) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(temp).uploadId(uploadId).partNumber(number)
                        .contentLength((long) part.filled()), part.body()).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (!part.full()) break;
                part.fill(in, digests, maxBytes);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(temp).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            completed = true;
            StoredBlob blob = digests.finish();
            String key = key(blob.sha256());
            if (!touch(key)) copy(temp, key, blob.size());
            return blob;
        } finally {
            if (!completed) abortQuietly(temp, uploadId);
            deleteQuietly(temp);
        }
    }

    /** A server-side copy: one request up to 5 GiB, a multipart copy beyond. */
    private void copy(String from, String to, long size) {
        if (size <= MAX_SINGLE_COPY) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(to)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long step = 1L << 30;
            for (long offset = 0; offset < size; offset += step) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(size, offset + step) - 1);
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                        .destinationKey(to).uploadId(uploadId).partNumber(number).copySourceRange(range))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(to).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            completed = true;
        } finally {
            if (!completed) abortQuietly(to, uploadId);
        }
    }

    /** Refreshes an existing object's modification time by copying it onto itself; false when there is none. */
    private boolean touch(String key) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the bucket's lifecycle rule for incomplete uploads (see README) cleans what this could not
        }
    }

    private void deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException ignored) {
            // a leftover temporary object is never read; gc's sweep of tmp/ removes it
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        String key = key(sha256);
        return ifPresent(() -> s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
    }

    @Override
    public Optional<Long> modifiedAt(String sha256) throws IOException {
        String key = key(sha256);
        return ifPresent(() -> s3.headObject(b -> b.bucket(bucket).key(key)).lastModified().toEpochMilli());
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset, long length) throws IOException {
        String key = key(sha256);
        if (length == 0) {
            return size(sha256).map(s -> InputStream.nullInputStream());
        }
        // a length past any object's end reads to the end: an open range, or none from the start
        boolean toEnd = length > Long.MAX_VALUE - offset;
        String range = "bytes=" + offset + "-" + (toEnd ? "" : String.valueOf(offset + length - 1));
        try {
            return ifPresent(() -> {
                InputStream in = s3.getObject(b -> b.bucket(bucket).key(key)
                        .range(offset == 0 && toEnd ? null : range));
                return toEnd ? in : new BoundedInputStream(in, length);
            });
        } catch (IOException e) {
            // S3 refuses a range that starts at or past the end (an empty object included): that is no bytes
            if (e.getCause() instanceof S3Exception s && s.statusCode() == 416) {
                return size(sha256).map(n -> InputStream.nullInputStream());
            }
            throw e;
        }
    }

    /** A request about one object: its answer, empty when the object is not there, IOException when S3 fails. */
    private static <T> Optional<T> ifPresent(java.util.function.Supplier<T> request) throws IOException {
        try {
            return Optional.of(request.get());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new IOException("the object store failed: " + e.getMessage(), e);
        }
    }

    /** A time-limited URL a client may download the blob from directly, when presigned downloads are configured. */
    @Override
    public Optional<URI> downloadUrl(String sha256, String fileName) {
        if (presignFor == null) return Optional.empty();
        String key = key(sha256);
        String disposition = "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\r\\n]", "_") + "\"";
        return Optional.of(URI.create(presigner.presignGetObject(p -> p.signatureDuration(presignFor)
                .getObjectRequest(g -> g.bucket(bucket).key(key).responseContentDisposition(disposition)))
                .url().toString()));
    }

    @Override
    public void delete(String sha256) throws IOException {
        String key = key(sha256);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw new IOException("the object store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(Consumer<BlobEntry> visitor) throws IOException {
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "sha256/")).contents()) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                if (Digests.isSha256Hex(name)) visitor.accept(new BlobEntry(name, o.size(), o.lastModified().toEpochMilli()));
            }
        } catch (S3Exception e) {
            throw new IOException("the object store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes temporary objects and aborts unfinished multipart uploads of uploads that died (a node killed
     * mid-upload) started before {@code olderThanMillis}.
     */
    @Override
    public int sweepTemporary(long olderThanMillis) {
        int removed = 0;
        for (var u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix + "tmp/")).uploads()) {
            if (u.initiated().toEpochMilli() < olderThanMillis) {
                abortQuietly(u.key(), u.uploadId());
                removed++;
            }
        }
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "tmp/")).contents()) {
            if (o.lastModified().toEpochMilli() < olderThanMillis) {
                deleteQuietly(o.key());
                removed++;
            }
        }
        return removed;
    }

    /** The bucket answers. */
    @Override
    public boolean ready() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String key(String sha256) {
        if (!Digests.isSha256Hex(sha256)) throw new DepotException.Invalid("not a sha256 digest: " + sha256);
        return prefix + "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }
}

package depot.format.oci;

import depot.core.access.Action;
import depot.core.blob.BlobSource;
import depot.core.blob.Checksum;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.Uploads;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Blobs and blob uploads: {@code GET/HEAD/DELETE /v2/<name>/blobs/<digest>} and the upload session API
 * ({@code POST …/blobs/uploads/}, {@code PATCH}, {@code PUT ?digest=}, {@code GET}, {@code DELETE}), including
 * monolithic pushes and cross-repository mounts. Every chunk goes to the blob store as it arrives; nothing is
 * held in memory, and a blob becomes visible in a repository only once its digest has been verified.
 */
final class BlobEndpoints {
    private final FormatContext services;
    private final ContainerStore store;
    private final RegistryAccess access;

    BlobEndpoints(FormatContext services, ContainerStore store, RegistryAccess access) {
        this.services = services;
        this.store = store;
        this.access = access;
    }

    private BlobSource blobs() { return services.reads().content(); }

    private long limit() { return services.limits().forType(OciFormat.TYPE); }

    void get(Context ctx, RegistryAccess.Target target, String digest) throws IOException {
        ContainerStore.Linked blob = store.linkedBlobIn(target.project().id(), target.image(), digest)
                .orElseThrow(() -> OciErrors.blobUnknown(digest));
        ctx.header("Docker-Content-Digest", digest);
        Downloads.send(ctx, blobs(), blob.sha256(), blob.size(), "application/octet-stream", null);
    }

    void delete(Context ctx, RegistryAccess.Target target, String digest) {
        boolean deleted = store.repository(target.project().id(), target.image())
                .map(r -> store.unlinkBlob(r.id(), digest)).orElse(false);
        if (!deleted) throw OciErrors.blobUnknown(digest);
        ctx.status(202);
    }

    /** {@code POST …/blobs/uploads/}: a mount, a monolithic push ({@code ?digest=} with the body), or a new session. */
    void start(Context ctx, RegistryAccess.Caller caller, RegistryAccess.Target target) throws IOException {
        String mount = ctx.queryParam("mount");
        String from = ctx.queryParam("from");
        if (mount != null && from != null && mount(ctx, caller, target, mount, from)) return;
        String digest = ctx.queryParam("digest");
        if (digest != null) {
            verifiable(digest);
            StoredBlob blob = Uploads.store(ctx, services.packages(), limit(), OciNames.checksums(digest));
            String actual = OciNames.digestOf(blob, digest);
            if (!actual.equals(digest)) throw OciErrors.digestInvalid("the body hashes to " + actual);
            services.packages().record(blob);
            link(target, digest, blob.sha256(), blob.size(), null);
            created(ctx, target, digest);
            return;
        }
        String uuid = UUID.randomUUID().toString();
        store.createUpload(uuid, target.project().id(), target.image(), services.clock().now());
        progress(ctx, target, uuid, 0);
    }

    private boolean mount(Context ctx, RegistryAccess.Caller caller, RegistryAccess.Target target, String digest,
                          String from) {
        if (!OciNames.supported(digest) || !OciNames.validName(from)) return false;
        RegistryAccess.Target source;
        try {
            source = access.resolve(from, caller);
        } catch (DepotException e) {
            return false;
        }
        if (!access.may(caller, source, Action.READ)) return false;
        Optional<ContainerStore.Linked> blob = store.repository(source.project().id(), source.image())
                .flatMap(r -> store.linkedBlob(r.id(), digest));
        if (blob.isEmpty()) return false;
        link(target, digest, blob.get().sha256(), blob.get().size(), null);
        created(ctx, target, digest);
        return true;
    }

    /** {@code PATCH …/blobs/uploads/<uuid>}: appends one chunk; a chunk that does not start where the upload ends is 416. */
    void patch(Context ctx, RegistryAccess.Target target, String uuid) throws IOException {
        ContainerStore.Upload upload = upload(target, uuid);
        long size = append(ctx, target, upload);
        progress(ctx, target, uuid, size);
    }

    /** {@code PUT …/blobs/uploads/<uuid>?digest=}: the last chunk, if any, then verification and linking. */
    void finish(Context ctx, RegistryAccess.Target target, String uuid) throws IOException {
        ContainerStore.Upload upload = upload(target, uuid);
        String digest = ctx.queryParam("digest");
        if (digest == null) throw OciErrors.digestInvalid("the digest parameter is missing");
        verifiable(digest);
        if (hasBody(ctx)) append(ctx, target, upload);
        List<ContainerStore.Chunk> chunks = store.chunks(uuid);
        StoredBlob whole;
        if (chunks.size() == 1) {
            // the one chunk is the blob: adopt it without reading it again
            ContainerStore.Chunk only = chunks.get(0);
            whole = new StoredBlob(only.sha256(), only.size(), null, null, only.sha512());
        } else {
            try (InputStream joined = join(chunks)) {
                whole = services.packages().store(joined, limit(), OciNames.checksums(digest));
            }
            services.packages().record(whole);
        }
        String actual = OciNames.digestOf(whole, digest);
        if (!actual.equals(digest)) {
            store.deleteUpload(uuid);
            throw OciErrors.digestInvalid("the upload hashes to " + actual);
        }
        link(target, digest, whole.sha256(), whole.size(), uuid);
        created(ctx, target, digest);
    }

    void status(Context ctx, RegistryAccess.Target target, String uuid) {
        ContainerStore.Upload upload = upload(target, uuid);
        progress(ctx, target, uuid, upload.size());
        ctx.status(204);
    }

    void cancel(Context ctx, RegistryAccess.Target target, String uuid) {
        upload(target, uuid);
        store.deleteUpload(uuid);
        ctx.status(204);
    }

    private ContainerStore.Upload upload(RegistryAccess.Target target, String uuid) {
        return store.upload(uuid)
                .filter(u -> u.projectId() == target.project().id() && u.repository().equals(target.image()))
                .orElseThrow(OciErrors::uploadUnknown);
    }

    /** Stores the request body as the upload's next chunk; returns the upload's new size. */
    private long append(Context ctx, RegistryAccess.Target target, ContainerStore.Upload upload) throws IOException {
        String range = ctx.header("Content-Range");
        if (range != null) {
            long[] r = parseRange(range);
            if (r == null) throw OciErrors.uploadInvalid("Content-Range must be <start>-<end>: " + range);
            if (r[0] != upload.size()) throw new RangeNotSatisfiable(upload.size());
        }
        long remaining = limit() - upload.size();
        if (remaining <= 0) throw new DepotException.TooLarge(limit());
        // the upload's digest is named only when it finishes; a one-chunk upload is adopted with this chunk's digests
        StoredBlob chunk = Uploads.store(ctx, services.packages(), remaining, java.util.Set.of(Checksum.SHA512));
        if (chunk.size() == 0) return upload.size();
        services.packages().record(chunk);
        if (!store.appendChunk(upload.uuid(), upload.size(), chunk, services.clock().now())) {
            long now = store.upload(upload.uuid()).map(ContainerStore.Upload::size).orElseThrow(OciErrors::uploadUnknown);
            throw new RangeNotSatisfiable(now);
        }
        return upload.size() + chunk.size();
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private InputStream join(List<ContainerStore.Chunk> chunks) {
        Iterator<ContainerStore.Chunk> it = chunks.iterator();
        return new SequenceInputStream(new java.util.Enumeration<InputStream>() {
            public boolean hasMoreElements() { return it.hasNext(); }

            public InputStream nextElement() {
                ContainerStore.Chunk c = it.next();
                try {
                    return blobs().open(c.sha256(), 0, c.size())
                            .orElseThrow(() -> OciErrors.uploadInvalid("a chunk of the upload is missing"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** Makes a verified blob servable by the target repository, and ends its upload session, in one transaction. */
    private void link(RegistryAccess.Target target, String digest, String sha256, long size, String uuid) {
        long now = services.clock().now();
        store.linkUploaded(target.project().id(), target.image(), digest, sha256, size, uuid, now);
    }

    private static void created(Context ctx, RegistryAccess.Target target, String digest) {
        ctx.status(201);
        ctx.header("Location", "/v2/" + target.name() + "/blobs/" + digest);
        ctx.header("Docker-Content-Digest", digest);
        ctx.res().setContentLength(0);
    }

    private static void progress(Context ctx, RegistryAccess.Target target, String uuid, long size) {
        ctx.status(202);
        ctx.header("Location", "/v2/" + target.name() + "/blobs/uploads/" + uuid);
        ctx.header("Docker-Upload-UUID", uuid);
        ctx.header("Range", "0-" + Math.max(0, size - 1));
        ctx.res().setContentLength(0);
    }

    /** Throws DIGEST_INVALID unless Depot can verify the digest (sha256 or sha512). */
    static void verifiable(String digest) {
        if (OciNames.supported(digest)) return;
        if (OciNames.looksLikeDigest(digest)) {
            throw OciErrors.digestInvalid("only sha256 and sha512 digests are supported: " + digest);
        }
        throw OciErrors.digestInvalid("not a digest: " + digest);
    }

    static long[] parseRange(String header) {
        String v = header.trim();
        if (v.startsWith("bytes=") || v.startsWith("bytes ")) v = v.substring(6).trim();
        int dash = v.indexOf('-');
        if (dash <= 0) return null;
        try {
            long start = Long.parseLong(v.substring(0, dash));
            long end = Long.parseLong(v.substring(dash + 1));
            return start < 0 || end < start ? null : new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A chunk that does not continue the upload: answered 416 with the range the registry holds. */
    static final class RangeNotSatisfiable extends RuntimeException {
        final long size;

        RangeNotSatisfiable(long size) {
            super(null, null, false, false);
            this.size = size;
        }
    }
}

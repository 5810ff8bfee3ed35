package depot.format.npm;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document {@code npm publish} PUTs: the package's name, {@code versions} with the one new manifest,
 * {@code dist-tags}, the readme, and {@code _attachments} holding the tarball in base64. Read in one streaming pass:
 * each attachment is decoded straight into the blob store while the JSON around it is parsed, so a tarball is never
 * held in memory. Manifests and strings are bounded by the parser's limits.
 */
record PublishBody(String name, ObjectNode versions, ObjectNode distTags, String readme,
                   Map<String, Attachment> attachments) {

    /** Where attachments go: the publishing path's blob store ({@code PackageService::store}). */
    @FunctionalInterface
    interface BlobSink {
        StoredBlob store(InputStream in, long maxBytes) throws IOException;
    }

    /** A stored attachment and the length the client declared for it (or -1). */
    record Attachment(StoredBlob blob, long declaredLength) {}

    /** Bytes of JSON that the manifests ({@code versions}) and {@code dist-tags} may take together. */
    static final int MAX_TREE_BYTES = 4 << 20;

    /**
     * Strings (a readme, a description) up to 4 MiB; at most 200,000 tokens in a document (an attachment's base64
     * is one token, decoded as a stream and not held), so a tree built from it stays small.
     */
    private static final ObjectMapper BODY = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4 << 20).maxTokenCount(200_000)
                    .maxNestingDepth(100).maxNumberLength(100).build())
            .build()).build();

    /** For documents Depot stored itself (bounded when they came in), read and written again. */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(16 << 20).maxNestingDepth(100).maxNumberLength(100).build())
            .build()).build();

    private static final ExecutorService DECODERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "npm-attachment");
        t.setDaemon(true);
        return t;
    });

    static PublishBody read(InputStream body, BlobSink sink, long maxTarball) throws IOException {
        String name = null;
        ObjectNode versions = null;
        ObjectNode tags = null;
        String readme = null;
        Map<String, Attachment> attachments = new LinkedHashMap<>();
        TreeBudget budget = new TreeBudget(body, MAX_TREE_BYTES);
        try (JsonParser p = BODY.createParser(budget)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DepotException.Invalid("the body is not a JSON object");
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "name" -> name = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "readme" -> readme = value == JsonToken.VALUE_STRING ? p.getString() : null;
                    case "versions" -> versions = budget.within(() -> object(p, value, "versions"));
                    case "dist-tags" -> tags = budget.within(() -> object(p, value, "dist-tags"));
                    case "_attachments" -> readAttachments(p, value, sink, maxTarball, attachments);
                    default -> p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            if (budget.exceeded()) throw budget.refusal();
            throw new DepotException.Invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
        return new PublishBody(name, versions == null ? JSON.createObjectNode() : versions,
                tags == null ? JSON.createObjectNode() : tags, readme, attachments);
    }

    private static ObjectNode object(JsonParser p, JsonToken token, String field) {
        if (token != JsonToken.START_OBJECT) throw new DepotException.Invalid(field + " must be an object");
        JsonNode node = p.readValueAsTree();
        return (ObjectNode) node;
    }

    private static void readAttachments(JsonParser p, JsonToken token, BlobSink sink, long max,
                                        Map<String, Attachment> out) throws IOException {
        if (token != JsonToken.START_OBJECT) throw new DepotException.Invalid("_attachments must be an object");
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String fileName = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) throw new DepotException.Invalid("an attachment must be an object");
            StoredBlob blob = null;
            long length = -1;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("data") && value == JsonToken.VALUE_STRING) {
                    blob = decodeInto(p, sink, max);
                } else if (field.equals("length") && value.isNumeric()) {
                    length = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
            if (blob == null) throw new DepotException.Invalid("attachment " + fileName + " has no data");
            if (out.size() >= 4) throw new DepotException.Invalid("too many attachments");
            out.put(fileName, new Attachment(blob, length));
        }
    }

    /**
     * Decodes the current base64 string into the blob store through a pipe: this thread decodes, a helper stores.
     * A decoding failure poisons the pipe, so the half-written blob is never completed.
     */
    private static StoredBlob decodeInto(JsonParser p, BlobSink sink, long max) throws IOException {
        PipedInputStream pipe = new PipedInputStream(1 << 16);
        Poisonable in = new Poisonable(pipe);
        Future<StoredBlob> stored;
        RuntimeException failure = null;
        try (PipedOutputStream out = new PipedOutputStream(pipe)) {
            stored = DECODERS.submit(() -> {
                try (in) {
                    return sink.store(in, max);
                }
            });
            try {
                p.readBinaryValue(out);
            } catch (RuntimeException e) {
                // bad base64, a broken body, or the store stopped reading (over the limit): the pipe ends in error
                in.poison();
                failure = e;
            }
        }
        try {
            StoredBlob blob = stored.get();
            if (failure != null) throw failure;
            return blob;
        } catch (ExecutionException e) {
            // the store's own refusal (too large) explains a failure better than the broken pipe it caused
            if (e.getCause() instanceof DepotException d) throw d;
            if (failure != null) throw failure;
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing an attachment", e);
        }
    }

    /**
     * Counts what the parser reads while a tree is built from the body, and ends the input once a tree has taken
     * {@code max} bytes: a manifest is held in memory as a tree, so its size is bounded before it is built.
     */
    private static final class TreeBudget extends FilterInputStream {
        private final long max;
        private long read;
        private long limit = Long.MAX_VALUE;
        private long used;
        private boolean exceeded;

        TreeBudget(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        <T> T within(java.util.function.Supplier<T> build) {
            long start = read;
            limit = read + (max - used);
            try {
                return build.get();
            } finally {
                used += read - start;
                limit = Long.MAX_VALUE;
            }
        }

        boolean exceeded() { return exceeded; }

        DepotException refusal() {
            return new DepotException.Invalid("the package manifests are larger than " + (max >> 20) + " MiB");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read >= limit) {
                exceeded = true;
                throw new IOException(refusal().getMessage());
            }
            int n = super.read(b, off, (int) Math.min(len, limit - read));
            if (n > 0) read += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    /** An input whose end turns into an error once poisoned: a store that reads it never completes a blob. */
    private static final class Poisonable extends FilterInputStream {
        private volatile boolean poisoned;

        Poisonable(InputStream in) { super(in); }

        void poison() { poisoned = true; }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0 && poisoned) throw new IOException("the attachment could not be decoded");
            return n;
        }

        @Override
        public int read() throws IOException {
            int n = super.read();
            if (n < 0 && poisoned) throw new IOException("the attachment could not be decoded");
            return n;
        }
    }
}

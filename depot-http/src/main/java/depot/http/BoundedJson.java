package depot.http;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mappers for JSON a client sent: a tree costs memory per token, so a document's size in bytes does not bound it
 * (a 1 MiB array of zeros is half a million nodes). These mappers stop at a token count, a nesting depth and a string
 * length before the tree grows past them; the error is a {@code JacksonException} like any other parse failure.
 */
public final class BoundedJson {
    private BoundedJson() {}

    /** Documents of up to {@code maxTokens} tokens, 64 levels deep, strings of at most 1 MiB. */
    public static ObjectMapper mapper(long maxTokens) {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxTokenCount(maxTokens).maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(100).build())
                .build()).build();
    }
}

package depot.core.packages;

import depot.core.blob.StoredBlob;

/** A file to attach to a package: its name, the stored blob, and format metadata as JSON (or null). */
public record NewFile(String fileName, StoredBlob blob, String metadata) {
}
